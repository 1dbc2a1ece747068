-- wordfreq: string building, splitting and a table keyed by strings.
-- Generates n words from an LCG (1 to 3 syllables from a fixed list of 16,
-- skewed towards the first ones), joins them into one text, splits it again
-- and counts each word. Output: the number of words and of distinct words,
-- then the 10 most frequent words with their counts (ties by word).
-- Size: n words (default 600000). Expected output starts: 600000 3270
local SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
                   "be", "do", "fu", "gi", "ha", "ju", "ko", "pe"}

local function generate(n)
    local words = {}
    local x = 7
    for k = 1, n do
        x = (x * 1103515245 + 12345) % 2147483648
        local parts = 1 + (x // 65536) % 3
        local w = ""
        for _ = 1, parts do
            x = (x * 1103515245 + 12345) % 2147483648
            local r = x // 65536
            w = w .. SYLLABLES[(r % 16) * (r // 16 % 16) // 16 + 1]
        end
        words[k] = w
    end
    return table.concat(words, " ")
end

local function main(n)
    local text = generate(n)
    local counts = {}
    local total, distinct = 0, 0
    for w in text:gmatch("[^ ]+") do
        local c = counts[w]
        if c == nil then
            distinct = distinct + 1
            counts[w] = 1
        else
            counts[w] = c + 1
        end
        total = total + 1
    end
    local ranked = {}
    for w, c in pairs(counts) do
        ranked[#ranked + 1] = {-c, w}
    end
    table.sort(ranked, function(a, b)
        if a[1] ~= b[1] then
            return a[1] < b[1]
        end
        return a[2] < b[2]
    end)
    print(total .. " " .. distinct)
    for i = 1, 10 do
        print(ranked[i][2] .. " " .. -ranked[i][1])
    end
end

main(tonumber(arg[1]) or 600000)
