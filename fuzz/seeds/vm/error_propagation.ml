// errors propagate out of functions and nested try blocks; finally still runs on the way
try {
    try { throw {type: "Inner", message: "x"}; } finally { print("inner finally"); }
} except (err) {
    print("outer caught " + err.type);
}
try {
    try { throw "one"; } except (e1) { throw "two"; } finally { print("finally runs"); }
} except (e2) {
    print("outer got " + e2.message);
}
function level3() { return [][0]; }
function level2() { return level3(); }
function level1() { try { return level2(); } finally { print("level1 finally"); } }
try { level1(); } except (err) { print("top caught " + err.type); }
