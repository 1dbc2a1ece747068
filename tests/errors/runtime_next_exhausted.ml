// next() on an exhausted iterator without a default is a RuntimeError
it = iter([]);
next(it);
