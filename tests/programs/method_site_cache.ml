// A `recv.name(...)` site remembers the string or array method it found;
// receivers of other types at the same site and errors raised inside
// methods all behave as with a fresh lookup.
import regex;

function idx(x, v) {
    return x.index(v);
}
// `index` is a method of strings and of arrays: one site, both tables.
print(idx("hello", "l"), idx([5, 6, 7], 7), idx("abc", "c"), idx([1, 2], 1));
// An object with a function field of that name at the same site.
print(idx({index: fn(v) => "field " + str(v)}, 3));
// A name one table has and the other not.
function up(x) {
    return x.upper();
}
print(up("abc"));
try { up([1, 2]); } except (e) { print(e.type, e.message); }
print(up("again"));
// Errors raised inside a cached method keep their message.
function find_in(s, v) {
    return s.find(v);
}
print(find_in("abcabc", "c"));
try { find_in("abc", 5); } except (e) { print(e.type, e.message); }
try { idx([1, 2, 3], 9); } except (e) { print(e.type, e.message); }
print(find_in("xyz", "z"));
// A method with an optional argument, called both ways at one site.
function sorted_copy(a, rev) {
    b = a.copy();
    if (rev) {
        b.sort(true);
    } else {
        b.sort();
    }
    return b;
}
print(sorted_copy([2, 3, 1], false), sorted_copy([2, 3, 1], true));
// Native objects at a site that cached a string method.
function span_of(x) {
    return x.span();
}
m = regex.compile("b+").search("abbc");
print(span_of(m));
try { span_of("text"); } except (e) { print(e.type, e.message); }
print(span_of(m));
// Many receivers in a loop: strings and arrays alternating.
total = 0;
for (i in range(100)) {
    x = i % 2 == 0 ? "a,b,c" : [1, 2, 3, 4];
    total = total + x.count(i % 2 == 0 ? "," : 3);
}
print(total);
