// csv: write_string quotes per RFC 4180 and ends rows with \r\n; read_string reads it back
import csv;
rows = [{name: "Ada", note: "likes, commas", n: 3}, {name: "Bob \"B\"", note: "two\nlines", n: null}, {name: "Cy"}];
text = csv.write_string(rows);
print(repr(text));
back = csv.read_string(text);
print(back);
print(back[1].note == "two\nlines", back[1].name, typeof(back[0].n), back[2]);
print(repr(csv.write_string([["a", 1, 2.5, true], ["", "x;y"], [""], "solo"], ";")));
print(csv.read_string("a;b\n1;2;3\n\n4\n", ";"), csv.read_string("a,b\n1,2", ",", false));
print(repr(csv.write_string(rows, ",", false)), repr(csv.write_string([])), csv.read_string(""));
data = [["id", "text"], ["1", "quote \" here"], ["2", "ends with space "]];
print(csv.read_string(csv.write_string(data), ",", false) == data);
try { csv.write_string({a: 1}); } except (e) { print(e.type + ": " + e.message); }
try { csv.read_string("a", "::"); } except (e) { print(e.type + ": " + e.message); }
print(requiredCapabilities(csv.read), requiredCapabilities(csv.write_string), requiredCapabilities(csv.append));
