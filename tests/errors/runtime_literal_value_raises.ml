// an error raised while a literal's values are computed leaves through
// the literal (its key operands are dropped) with the right location
function node(depth) {
    if (depth == 0) {
        return {left: null, right: 1 // 0};
    }
    return {left: node(depth - 1), right: node(depth - 1)};
}
ok = {left: 1, right: 2};
print(ok.left + ok.right);
node(3);
