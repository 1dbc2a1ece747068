import math;
// math's one-argument functions read a lone float or int directly; every
// other shape takes the general checks. One site sees floats, ints and
// booleans in turn, then the wrong shapes, each caught.
function root(x) {
    return math.sqrt(x);
}
for (x in [4.0, 9, true, false, -4, -2.5, 0, 2.25]) {
    print(root(x));
}
print(math.exp(0), math.sin(0), math.cos(0.0), math.sign(-3), math.sign(2.5));
print(math.ln(1), math.ln(-1), math.degrees(0), math.radians(180));
for (bad in ["4", null, [1], {}]) {
    try {
        print(root(bad));
    } except (e) {
        print(e);
    }
}
try {
    print(math.sqrt());
} except (e) {
    print(e);
}
try {
    print(math.sqrt(1, 2));
} except (e) {
    print(e);
}
try {
    print(math.cos(1, 2));
} except (e) {
    print(e);
}
try {
    print(math.ln("e"));
} except (e) {
    print(e);
}
// The function taken as a value and called through a callback.
f = math.sqrt;
print(f(16), f(2.25));
