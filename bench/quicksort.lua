-- quicksort: array indexing and element stores, comparisons, recursion.
-- Builds n ints from an LCG, sorts them in place with a recursive Lomuto
-- quicksort and checks the result is sorted (Lua tables are 1-based).
-- Output: first, middle and last element, then 1 if sorted.
-- Size: n (default 200000). Expected output: 863 1074830325 2147480685 1
local function partition(a, lo, hi)
    local pivot = a[hi]
    local i = lo
    for j = lo, hi - 1 do
        if a[j] < pivot then
            a[i], a[j] = a[j], a[i]
            i = i + 1
        end
    end
    a[i], a[hi] = a[hi], a[i]
    return i
end

local function quicksort(a, lo, hi)
    if lo < hi then
        local p = partition(a, lo, hi)
        quicksort(a, lo, p - 1)
        quicksort(a, p + 1, hi)
    end
end

local function main(n)
    local arr = {}
    local x = 42
    for _ = 1, n do
        x = (x * 1103515245 + 12345) % 2147483648
        arr[#arr + 1] = x
    end
    quicksort(arr, 1, n)
    local ok = 1
    for k = 2, n do
        if arr[k - 1] > arr[k] then
            ok = 0
        end
    end
    print(string.format("%d %d %d %d", arr[1], arr[n // 2 + 1], arr[n], ok))
end

main(tonumber(arg[1]) or 200000)
