// there is no compound assignment (+=)
x = 1;
x += 2;
