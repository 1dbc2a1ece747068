// if / elif / else chains pick the first truthy condition
function classify(n) {
    if (n < 0) {
        return "negative";
    } elif (n == 0) {
        return "zero";
    } elif (n < 10) {
        return "small";
    } else {
        return "large";
    }
}
print(classify(-3), classify(0), classify(4), classify(40));
if ("") { print("not printed"); }
if ([0]) { print("non-empty array is truthy"); }
if (null) { print("no"); } elif ({}) { print("no"); } else { print("else branch"); }
