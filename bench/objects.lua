-- objects: reading and writing fields of a table in a loop.
-- Size: iterations (default 5000000). Expected output: 5000000 5000001 10000002
local function main(n)
    local p = {x = 0, y = 0, z = 0}
    for _ = 1, n do
        p.x = p.x + 1
        p.y = p.y + p.x % 3
        p.z = p.z + p.y % 5
    end
    print(p.x .. " " .. p.y .. " " .. p.z)
end

main(tonumber(arg[1]) or 5000000)
