print(format(1.5, ".65536f"));
print(format(1.5, ".70000e"), format(2.5, "#.70000g"), format(0.5, ".70000%"));
import string;
print(string.format("{0:.70000f}", 1.5));
