// a computed number ordered against a string in a local
function below(x, limit) {
    if (x * 2 < limit) {
        return 1;
    }
    return 0;
}
print(below(1, "ten"));
