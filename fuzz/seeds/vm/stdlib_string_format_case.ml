// string.format placeholders (template back unchanged on error) and the case conversions
import string;
print(string.format("{} + {} = {}", [1, 2.0, "three"]));
print(string.format("{1}/{0}/{1}", ["a", "b"]), string.format("{0:.2f}|{1:>5}|{2!r}", [3.14159, "x", "q"]));
print(string.format("{{literal}} {}", [true]), string.format("{:05d} {:,}", [42, 1234567]));
print(string.format("one {}", 7), string.format("no fields", []));
for (t in ["{} {}", "{} {0}", "{name}", "{", "}", "{0:q}", "{0.x}"]) {
    print(string.format(t, [1]));
}
for (s in ["helloWorld", "HelloWorld", "HTTPServer", "getHTTPResponseCode", "already_snake", "version2Update"]) {
    print(s, string.toSnakeCase(s), string.toKebabCase(s), string.snake_case(s), string.kebab_case(s));
}
for (s in ["hello_world", "hello-big_world", "HELLO_WORLD", "x"]) {
    print(s, string.toCamelCase(s), string.camel_case(s), string.toPascalCase(s), string.pascal_case(s));
}
