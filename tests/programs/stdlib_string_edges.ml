// string module edge cases: padding, splitting, slicing, lookups past the end, aliases, type errors
import string;
print("[" + string.padCenter("ab", 7, "*") + "]", "[" + string.pad_left("x", 3) + "]", "[" + string.pad_right("x", 3, "-") + "]");
print(string.padLeft("toolong", 3), string.pad_center("é", 3, "·"));
print(string.split("a b  c "), string.split("a,,b", ","), string.split("", ","), string.split("", ""));
print(string.join(", ", ["a", 1, null, [2]]), string.join(["x", "y"], "+"), string.join("", []));
print(string.substring("hello", -3), string.slice("hello", 1, -1), string.slice("hello", 10), string.substring("héllo", 1, 2));
print(string.charAt("héllo", 1), repr(string.char_at("abc", -1)), string.char_code_at("é", 0), string.charCodeAt("abc", -1));
print(string.from_char_code(233), repr(string.fromCharCode(-1)), repr(string.fromCharCode(1114112)), repr(string.fromCharCode(55296)));
print(string.find("héllo", "l"), string.index_of("abc", ""), string.rfind("abcabc", "bc"), string.last_index_of("abc", "z"));
print(string.count("aaaa", "aa"), string.count("abc", ""), string.replace("aaa", "a", "b"), string.replace_all("aaa", "a", "bb"));
print(string.starts_with("abc", ""), string.ends_with("abc", "bc"), string.contains("abc", ""));
print(string.lstrip("  a  ") + "|", "|" + string.rstrip("  a  "), string.trim("\t\n x \n"));
print(string.repeat("ab", 0), string.repeat("ab", -2) == "", string.repeat("-", 5), string.reverse("héllo"));
print(string.isWhitespace(" \t"), string.is_whitespace(""), string.isAlpha("héllo"), string.is_alpha("a1"));
print(string.isAlphanumeric("a1"), string.is_alphanumeric("a 1"), string.isNumeric("-1"), string.is_numeric("1.5"), string.is_empty(" "));
print(string.to_int(" 42 "), string.toInt("3.9"), string.to_int(7.8), string.toInt(null), string.toInt(true));
print(string.to_float("1e3"), string.toFloat(2), string.to_float([]), string.to_string(null), string.toString([1, "a"]));
print(string.capitalize("hELLO wORLD"), string.upper("straße"), string.lower("ÀB"), string.to_chars(""));
print(string.compare("B", "a"), string.compare("", ""), string.compare(2, 10));
try { string.upper(5); } except (e) { print(e.type + ": " + e.message); }
try { string.contains("abc", null); } except (e) { print(e.type + ": " + e.message); }
try { string.compare("a", 1); } except (e) { print(e.type); }
try { string.padLeft("a", 5, "ab"); } except (e) { print(e.type + ": " + e.message); }
try { string.repeat("abc", 100000000); } except (e) { print(e.type + ": " + e.message); }
try { string.charAt("abc", 1.5); } except (e) { print(e.type); }
try { string.length(); } except (e) { print(e.type + ": " + e.message); }
for (f in [fn() => string.find("abc", 5), fn() => string.replace("a", "b", 1), fn() => string.startsWith("a", ["a"]), fn() => string.padLeft(1, 2)]) {
    try { f(); } except (e) { print(e.type + ": " + e.message); }
}
// charAt/charCodeAt on a long non-ASCII text, forwards and backwards.
long = "aé✓😀" * 100;
total = 0;
for (i in range(len(long))) { total = total + string.charCodeAt(long, i); }
back = "";
for (i in range(len(long) - 1, len(long) - 5, -1)) { back = back + string.charAt(long, i); }
print(total, back, repr(string.charAt(long, len(long))), string.charCodeAt(long, -1));
