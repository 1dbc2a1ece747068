// a function exists only once its declaration has run; bodies may call later-declared functions
try { early(); } except (err) { print(err.type); }
function early() { return "early"; }
print(early());
function first() { return "first calls " + second(); }
function second() { return "second"; }
print(first());
function redefine() { return 1; }
function redefine() { return 2; }
print(redefine());
