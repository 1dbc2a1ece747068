// `in` is reserved and cannot be assigned to
in = 1;
