// csv: read, write, append, count_rows and get_headers on a file in a temp dir; grants are checked
// mlpy-flags: --grant file.read --grant file.write --grant file.delete
import csv;
import file;
import path;
import math;
p = path.join(path.tempDir(), "mlpy_stdlib_csv_" + str(math.floor(math.random() * 1000000000)) + ".csv");
csv.write(p, [{id: 1, city: "Paris"}, {id: 2, city: "New York, NY"}]);
print(repr(file.read(p)));
csv.append(p, {city: "Oslo", id: 3, extra: "dropped"});
csv.append(p, [4, "Rome"]);
print(csv.read(p));
print(csv.count_rows(p), csv.get_headers(p), csv.read(p, ",", false)[0]);
file.write(p, "a|b\n1|2");
csv.append(p, {b: "y", a: "x"}, "|");
print(repr(file.read(p)), csv.read(p, "|"));
file.delete(p);
try { csv.read(p); } except (e) { print(e.type); }
csv.append(p, {a: 1, b: 2});
print(repr(file.read(p)));
file.delete(p);
