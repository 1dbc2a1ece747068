-- strslice: string slicing, concatenation, comparison, find and upper on
-- short strings. Builds a text from 2000 numbered words, then takes a
-- 16-character window at a pseudo-random place each step, rotates it (two
-- slices and a concatenation), keeps the smallest rotation, folds characters
-- into a checksum and appends a 2-character slice to a growing buffer every
-- 10th step (a table joined at the end: the Lua idiom for building strings).
-- Positions are 0-based as in the other versions; s:sub takes 1-based ones.
-- Output: checksum, smallest rotation, length and tail of the built string.
-- Size: steps (default 1500000).
-- Expected output: 893671360 -alpha1008-a1007 300000 -E-BN1ET73-TLT6-
local WORDS = {"alpha", "beta", "gamma", "delta", "epsilon",
               "zeta", "eta", "theta", "iota"}

local function main(n)
    local parts = {}
    for i = 0, 1999 do
        parts[i + 1] = WORDS[i % 9 + 1] .. tostring(i)
    end
    local text = table.concat(parts, "-")
    local span = #text - 16
    local best = text:sub(1, 16)
    local checksum = 0
    local out = {}
    for i = 0, n - 1 do
        local a = i * 7919 % span
        local piece = text:sub(a + 1, a + 16)
        local rot = piece:sub(6) .. piece:sub(1, 5)
        if rot < best then
            best = rot
        end
        local pos = piece:find("e", 1, true)
        pos = pos and pos - 1 or -1
        checksum = (checksum * 31 + rot:byte(1) + piece:byte(-1) + pos) % 1000000007
        if i % 10 == 0 then
            out[#out + 1] = piece:sub(3, 4):upper()
        end
    end
    local s = table.concat(out)
    print(checksum .. " " .. best .. " " .. #s .. " " .. s:sub(-16))
end

main(tonumber(arg[1]) or 1500000)
