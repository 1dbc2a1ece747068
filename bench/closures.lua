-- closures: higher-order functions and closures. Each round builds an adder
-- closure, composes it with a lambda, maps the composition over a 200-element
-- array, filters with a lambda, folds with a lambda (map/filter/reduce
-- written here, Lua has none built in), and feeds a counter closure that
-- keeps its state in an upvalue.
-- Output: the folded total and the counter's final value.
-- Size: rounds (default 16000). Expected output: 536042088 1131428
local function map(f, t)
    local out = {}
    for i = 1, #t do
        out[i] = f(t[i])
    end
    return out
end

local function filter(pred, t)
    local out = {}
    for i = 1, #t do
        local v = t[i]
        if pred(v) then
            out[#out + 1] = v
        end
    end
    return out
end

local function reduce(f, t, acc)
    for i = 1, #t do
        acc = f(acc, t[i])
    end
    return acc
end

local function make_adder(k)
    return function(x) return x + k end
end

local function compose(f, g)
    return function(x) return f(g(x)) end
end

local function make_counter()
    local n = 0
    return function(d)
        n = n + d
        return n
    end
end

local function main(rounds)
    local xs = {}
    for i = 1, 200 do
        xs[i] = i - 1
    end
    local counter = make_counter()
    local total = 0
    for r = 0, rounds - 1 do
        local f = compose(function(x) return x * x % 1009 end, make_adder(r % 7))
        local ys = map(f, xs)
        local zs = filter(function(y) return y % 3 == 0 end, ys)
        local s = reduce(function(acc, y) return acc + y end, zs, 0)
        total = (total + s) % 1000000007
        counter(#zs)
    end
    print(total .. " " .. counter(0))
end

main(tonumber(arg[1]) or 16000)
