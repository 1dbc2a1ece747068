// there is no ** operator
x = 2 ** 3;
