// file: missing files, bad arguments, directories and missing grants raise catchable errors
// mlpy-flags: --grant file.read --grant file.write --grant file.delete
import file;
import path;
try { file.read("no_such_dir_mlpy/missing.txt"); } except (e) { print(e.type + ": " + e.message); }
try { file.size("no_such_dir_mlpy/missing.txt"); } except (e) { print(e.type + ": " + e.message); }
try { file.readLines("no_such_dir_mlpy"); } except (e) { print(e.type); }
try { file.read(42); } except (e) { print(e.type + ": " + e.message); }
try { file.write(path.join(path.tempDir(), "x.txt"), 42); } except (e) { print(e.type); }
try { file.read("x.txt", "klingon"); } except (e) { print(e.type + ": " + e.message); }
try { file.writeBytes(path.join(path.tempDir(), "x.bin"), [1, 300]); } except (e) { print(e.type + ": " + e.message); }
try { file.delete(path.tempDir()); } except (e) { print(e.type); }
print(file.delete("no_such_dir_mlpy/missing.txt"));
try { file.append("/no_such_dir_mlpy/x.txt", "more"); } except (e) { print(e.type + ": " + e.message); }
try { file.move("/no_such_dir_mlpy/a.txt", "/no_such_dir_mlpy/b.txt"); } except (e) { print(e.type); }
try { path.createDir("/no_such_dir_mlpy/d"); } except (e) { print(e.type + ": " + e.message); }
print(file.exists("no_such_dir_mlpy"), requiredCapabilities(file.exists), requiredCapabilities(file.move));
