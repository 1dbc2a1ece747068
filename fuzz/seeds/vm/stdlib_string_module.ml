// string module: text-first helpers; replace() changes only the first occurrence
import string;
print(string.length("héllo"), string.upper("ab"), string.lower("AB"), string.reverse("abc"));
print(string.repeat("ab", 2), "[" + string.trim("  x  ") + "]", string.capitalize("hello world"));
print(string.split("a,b", ","), string.split("abc", ""), string.join("-", [1, "a", 2.5]));
print(string.contains("hello", "ell"), string.startsWith("hello", "he"), string.endsWith("hello", "lo"));
print(string.find("hello", "z"), string.indexOf("hello", "l"), string.lastIndexOf("hello", "l"));
print(string.count("banana", "a"), string.replace("a-b-c", "-", "+"), string.replaceAll("a-b-c", "-", "+"));
print(string.substring("hello", 1, 3), string.slice("hello", 1), string.toChars("ab"));
print(repr(string.charAt("abc", 5)), string.charAt("abc", 1), string.charCodeAt("A", 0), string.charCodeAt("abc", 10));
print(string.fromCharCode(66), string.padLeft("5", 3, "0"), "[" + string.padRight("ab", 4) + "]");
print(string.toInt("12"), string.toInt("x"), string.toFloat("2.5"), string.toFloat("x"));
print(string.isNumeric("123"), string.isNumeric(""), string.isAlpha(""), string.isEmpty(""));
print(string.compare("a", "b"), string.compare("b", "a"), string.compare("a", "a"), string.toString(1.0));
