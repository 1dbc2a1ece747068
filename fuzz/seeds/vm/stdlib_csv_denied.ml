// csv: file functions need file.read / file.write grants; string functions need none
import csv;
try { csv.read("/no_such_dir_mlpy/x.csv"); } except (e) { print(e.type + ": " + e.message); }
try { csv.write("/no_such_dir_mlpy/x.csv", [[1]]); } except (e) { print(e.type + ": " + e.message); }
print(csv.read_string("a\n1"));
