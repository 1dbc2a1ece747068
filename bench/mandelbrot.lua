-- mandelbrot: a float loop with compares (the benchmarks-game Mandelbrot set
-- on an n x n grid, 50 iterations, escape at |z|^2 > 4). Instead of a PBM
-- image it packs each row's bits into bytes (8 pixels a byte, the last byte
-- of a row padded with zero bits) and folds the bytes into a checksum.
-- Output: the number of points in the set, then the checksum.
-- Size: n (default 480). Expected output: 91558 978180457
local function main(n)
    local inside, checksum = 0, 0
    for y = 0, n - 1 do
        local ci = 2.0 * y / n - 1.0
        local byte, bits = 0, 0
        for x = 0, n - 1 do
            local cr = 2.0 * x / n - 1.5
            local zr, zi = 0.0, 0.0
            local bit = 1
            for _ = 1, 50 do
                local tr = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = tr
                if zr * zr + zi * zi > 4.0 then
                    bit = 0
                    break
                end
            end
            inside = inside + bit
            byte = byte * 2 + bit
            bits = bits + 1
            if bits == 8 then
                checksum = (checksum * 31 + byte) % 1000000007
                byte, bits = 0, 0
            end
        end
        if bits > 0 then
            while bits < 8 do
                byte = byte * 2
                bits = bits + 1
            end
            checksum = (checksum * 31 + byte) % 1000000007
        end
    end
    print(inside .. " " .. checksum)
end

main(tonumber(arg[1]) or 480)
