-- methods: method calls on objects that read and write their own fields.
-- 64 accounts take a deposit and a withdrawal each step (round robin); every
-- 50th step one account is replaced by a fresh one (so objects die all the
-- time). Idiomatic Lua: a metatable class with methods called as a:m(x).
-- Output: the sum of balances and of operation counts over all accounts ever
-- made, and the number of failed withdrawals.
-- Size: steps (default 3000000). Expected output: 3575035 5915576 84424
local Account = {}
Account.__index = Account

function Account.new(id)
    return setmetatable({id = id, balance = 0, ops = 0}, Account)
end

function Account:deposit(x)
    self.balance = self.balance + x
    self.ops = self.ops + 1
end

function Account:withdraw(x)
    if self.balance < x then
        return false
    end
    self.balance = self.balance - x
    self.ops = self.ops + 1
    return true
end

function Account:get()
    return self.balance
end

local function main(n)
    local accounts = {}
    for i = 0, 63 do
        accounts[i + 1] = Account.new(i)
    end
    local failed, total, ops = 0, 0, 0
    for i = 0, n - 1 do
        local a = accounts[i % 64 + 1]
        a:deposit(i % 13)
        if not a:withdraw(i % 11) then
            failed = failed + 1
        end
        if i % 50 == 0 then
            local j = i // 50 % 64 + 1
            local old = accounts[j]
            total = total + old:get()
            ops = ops + old.ops
            accounts[j] = Account.new(i)
        end
    end
    for _, a in ipairs(accounts) do
        total = total + a:get()
        ops = ops + a.ops
    end
    print(total .. " " .. ops .. " " .. failed)
end

main(tonumber(arg[1]) or 3000000)
