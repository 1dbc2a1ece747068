-- fib: recursive function calls, argument passing, integer + - <.
-- Size: n (default 33). Expected output: 3524578
local function fib(n)
    if n < 2 then
        return n
    end
    return fib(n - 1) + fib(n - 2)
end

local n = tonumber(arg[1]) or 33
print(fib(n))
