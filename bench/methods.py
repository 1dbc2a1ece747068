# methods: method calls on objects that read and write their own fields.
# 64 accounts take a deposit and a withdrawal each step (round robin); every
# 50th step one account is replaced by a fresh one (so objects die all the
# time). Python's fastest reasonable form is a class with __slots__ and
# methods; the ML side stores closures over `self` in the object instead.
# Output: the sum of balances and of operation counts over all accounts ever
# made, and the number of failed withdrawals.
# Size: steps (default 3000000). Expected output: 3575035 5915576 84424
import sys


class Account:
    __slots__ = ("id", "balance", "ops")

    def __init__(self, id):
        self.id = id
        self.balance = 0
        self.ops = 0

    def deposit(self, x):
        self.balance = self.balance + x
        self.ops = self.ops + 1

    def withdraw(self, x):
        if self.balance < x:
            return False
        self.balance = self.balance - x
        self.ops = self.ops + 1
        return True

    def get(self):
        return self.balance


def main(n):
    accounts = [Account(i) for i in range(64)]
    failed = 0
    total = 0
    ops = 0
    for i in range(n):
        a = accounts[i % 64]
        a.deposit(i % 13)
        if not a.withdraw(i % 11):
            failed = failed + 1
        if i % 50 == 0:
            j = i // 50 % 64
            old = accounts[j]
            total = total + old.get()
            ops = ops + old.ops
            accounts[j] = Account(i)
    for a in accounts:
        total = total + a.get()
        ops = ops + a.ops
    print(total, ops, failed)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000000)
