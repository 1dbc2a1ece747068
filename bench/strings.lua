-- strings: building a string piece by piece. Lua strings are immutable and
-- s = s .. x copies, so the idiomatic form is a buffer table joined with
-- table.concat at the end.
-- Output: the length, then the last 10 characters.
-- Size: appends (default 5000000). Expected output: 5000000 0123456789
local function main(n)
    local buf = {}
    for i = 0, n - 1 do
        buf[#buf + 1] = tostring(i % 10)
    end
    local s = table.concat(buf)
    print(#s .. " " .. s:sub(-10))
end

main(tonumber(arg[1]) or 5000000)
