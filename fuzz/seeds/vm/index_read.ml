// indexing arrays and strings: ints (bools count), negatives from the end, code points
a = [10, 20, 30];
print(a[0], a[-1], a[-3], a[true], a[false]);
s = "héllo";
print(s[1], s[-1], len(s), s.length);
function check(f) {
    try {
        print(f());
    } except (e) {
        print(e.type);
    }
}
check(fn() => a[3]);
check(fn() => a[-4]);
check(fn() => s[5]);
check(fn() => ""[0]);
check(fn() => a["0"]);
check(fn() => a[null]);
check(fn() => null[0]);
num = 5;
check(fn() => num[0]);
