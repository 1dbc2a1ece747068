// methods: method calls on objects that read and write their own fields.
// 64 accounts take a deposit and a withdrawal each step (round robin); every
// 50th step one account is replaced by a fresh one (so objects die all the
// time). An account is an object whose function fields close over `self`
// (the usual ML way to write a class).
// Output: the sum of balances and of operation counts over all accounts ever
// made, and the number of failed withdrawals.
// Size: steps (default 3000000). Expected output: 3575035 5915576 84424
import args;

function make_account(id) {
    self = {id: id, balance: 0, ops: 0};
    self.deposit = fn(x) => {
        self.balance = self.balance + x;
        self.ops = self.ops + 1;
    };
    self.withdraw = fn(x) => {
        if (self.balance < x) {
            return false;
        }
        self.balance = self.balance - x;
        self.ops = self.ops + 1;
        return true;
    };
    self.get = fn() => self.balance;
    return self;
}

function main(n) {
    accounts = [];
    for (i in range(64)) {
        accounts.append(make_account(i));
    }
    failed = 0;
    total = 0;
    ops = 0;
    i = 0;
    while (i < n) {
        a = accounts[i % 64];
        a.deposit(i % 13);
        if (!a.withdraw(i % 11)) {
            failed = failed + 1;
        }
        if (i % 50 == 0) {
            j = i // 50 % 64;
            old = accounts[j];
            total = total + old.get();
            ops = ops + old.ops;
            accounts[j] = make_account(i);
        }
        i = i + 1;
    }
    for (a in accounts) {
        total = total + a.get();
        ops = ops + a.ops;
    }
    print(total, ops, failed);
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 3000000);
