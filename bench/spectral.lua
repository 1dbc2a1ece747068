-- spectral: float arrays and function calls. The benchmarks-game spectral
-- norm: 10 power iterations of A^T A on an n-vector, where
-- A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1), i and j from 0
-- (Lua tables are 1-based, so element i is stored at v[i + 1]).
-- Output: the norm, 9 decimals.
-- Size: n (default 350). Expected output: 1.274224047
local function a(i, j)
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
end

local function mul_av(n, v, av)
    for i = 0, n - 1 do
        local s = 0.0
        for j = 0, n - 1 do
            s = s + a(i, j) * v[j + 1]
        end
        av[i + 1] = s
    end
end

local function mul_atv(n, v, atv)
    for i = 0, n - 1 do
        local s = 0.0
        for j = 0, n - 1 do
            s = s + a(j, i) * v[j + 1]
        end
        atv[i + 1] = s
    end
end

local function mul_atav(n, v, out, tmp)
    mul_av(n, v, tmp)
    mul_atv(n, tmp, out)
end

local function main(n)
    local u, v, tmp = {}, {}, {}
    for i = 1, n do
        u[i] = 1.0
        v[i] = 0.0
        tmp[i] = 0.0
    end
    for _ = 1, 10 do
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)
    end
    local vbv, vv = 0.0, 0.0
    for i = 1, n do
        vbv = vbv + u[i] * v[i]
        vv = vv + v[i] * v[i]
    end
    print(string.format("%.9f", math.sqrt(vbv / vv)))
end

main(tonumber(arg[1]) or 350)
