// an error inside a method (a function field closing over `self`) that a
// functional.map callback calls: one `at` line per frame, the native's
// re-entry included, each at the line of the call waiting there
import functional;

function make_account() {
    self = {balance: 10};
    self.take = fn(x) => {
        self.balance = self.balance - x;
        return 100 // self.balance;
    };
    return self;
}

function drain(acct) {
    return functional.map(fn(x) => acct.take(x), [3, 7]);
}

drain(make_account());
