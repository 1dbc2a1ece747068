-- binarytrees: allocation of many short-lived small containers, recursion.
-- The benchmarks-game binary-trees: a stretch tree, a long-lived tree, then
-- many trees of depths 4, 6, ..., max_depth, each walked to count its nodes.
-- A node is a table {left, right}; a leaf is an empty table.
-- Size: max_depth (default 15).
local function make(depth)
    if depth == 0 then
        return {}
    end
    depth = depth - 1
    return {make(depth), make(depth)}
end

local function check(node)
    local left = node[1]
    if left == nil then
        return 1
    end
    return 1 + check(left) + check(node[2])
end

local function main(n)
    local min_depth = 4
    local max_depth = math.max(min_depth + 2, n)
    local stretch = max_depth + 1
    print(string.format("stretch tree of depth %d\t check: %d", stretch, check(make(stretch))))
    local long_lived = make(max_depth)
    for depth = min_depth, max_depth, 2 do
        local iterations = 1 << (max_depth - depth + min_depth)
        local total = 0
        for _ = 1, iterations do
            total = total + check(make(depth))
        end
        print(string.format("%d\t trees of depth %d\t check: %d", iterations, depth, total))
    end
    print(string.format("long lived tree of depth %d\t check: %d", max_depth, check(long_lived)))
end

main(tonumber(arg[1]) or 15)
