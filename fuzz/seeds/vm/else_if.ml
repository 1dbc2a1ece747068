// `else if` is accepted as a synonym for `elif`, and the two mix freely
function grade(s) {
    if (s >= 90) {
        return "A";
    } else if (s >= 80) {
        return "B";
    } elif (s >= 70) {
        return "C";
    } else if (s >= 60) {
        return "D";
    } else {
        return "F";
    }
}
print(grade(95), grade(85), grade(75), grade(65), grade(10));
x = 2;
if (x == 1) { print("one"); } else if (x == 2) { print("two"); }
if (x == 5) { print("five"); } else if (x == 6) { print("six"); }
print("done");
