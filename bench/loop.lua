-- loop: a while loop summing i % 7 (locals: Lua's fastest form, as Python's
-- side runs inside a function; loop.ml measures ML's top-level variables).
-- Size: iterations (default 10000000). Expected output: 29999994
local n = tonumber(arg[1]) or 10000000
local i = 0
local s = 0
while i < n do
    s = s + i % 7
    i = i + 1
end
print(s)
