// while loops test their condition after the body in the compiled code;
// these are the cases that must behave exactly as a test at the top.

n = 0;
while (n < 0) { n = n + 100; }
print("zero passes:", n);
i = 0; evens = [];
while (i < 10) {
    i = i + 1;
    if (i % 2 == 1) { continue; }
    if (i > 8) { break; }
    evens.append(i);
}
print(evens, i);
nan = float("nan");
count = 0;
while (count < nan) { count = count + 1; }
print("nan <:", count);
count = 0;
while (!(count >= nan) && count < 3) { count = count + 1; }
print("not nan >=:", count);
k = 5; steps = 0;
while (k) { k = k - 1; steps = steps + 1; }
print("truthy:", steps);
rows = [];
a = 0;
while (a < 3) {
    b = 0;
    while (b <= a) {
        if (b == 1) { b = b + 1; continue; }
        rows.append(str(a) + str(b));
        b = b + 1;
    }
    a = a + 1;
}
print(rows);
x = 10;
while (true) {
    x = x - 3;
    if (x < 0) { break; }
}
print("break from while(true):", x);
s = "";
j = 3;
while (j > 0 && len(s) < 5) {
    s = s + "ab";
    j = j - 1;
}
print(s, j);
function find(xs, target) {
    idx = 0;
    while (idx < len(xs)) {
        if (xs[idx] == target) { return idx; }
        idx = idx + 1;
    }
    return -1;
}
print(find([4, 5, 6], 6), find([4, 5, 6], 7));
