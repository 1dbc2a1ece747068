// except with/without a binding, only the first clause runs, `e` stays bound, bare try
try { throw "x"; } except { print("caught without binding"); }
try { throw "x"; } except (a) { print("first"); } except (b) { print("second"); }
try { [][0]; } except (e) { }
print(e.type);
try { print("plain try body"); }
try { print("no error"); } except (e) { print("not reached"); }
print(e.type);
count = 0;
for (i in range(3)) {
    try {
        if (i == 1) { throw "skip"; }
        count = count + 1;
    } except (err) {
        print("caught", err.message, "at", i);
    }
}
print(count);
