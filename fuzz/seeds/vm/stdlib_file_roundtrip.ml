// file: write, read, append, lines, bytes, copy, move and delete in a fresh temp directory
// mlpy-flags: --grant file.read --grant file.write --grant file.append --grant file.delete --grant path.write
import file;
import path;
import math;
dir = path.join(path.tempDir(), "mlpy_stdlib_file_" + str(math.floor(math.random() * 1000000000)));
p = path.join(dir, "sub", "notes.txt");
print(file.exists(p), file.write(p, "hello\n"));
print(file.exists(p), file.isFile(p), file.isDirectory(dir), file.size(p));
file.append(p, "world\r\nlast");
print(repr(file.read(p)));
print(file.readLines(p));
file.writeLines(p, ["a", 1, 2.5, true, null]);
print(repr(file.read(p)), typeof(file.modifiedTime(p)), file.modifiedTime(p) > 0);
file.write(p, "é", "latin-1");
print(file.readBytes(p), file.read(p, "latin-1"), file.size(p));
file.writeBytes(p, [104, 105, 0, 255]);
print(file.readBytes(p), file.size(p));
file.write(p, "");
print(repr(file.read(p)), file.readLines(p));
file.write(p, "copy me");
file.copy(p, path.join(dir, "copy.txt"));
file.move(path.join(dir, "copy.txt"), path.join(dir, "moved", "m.txt"));
print(file.read(path.join(dir, "moved", "m.txt")), file.exists(path.join(dir, "copy.txt")));
file.copy(p, path.join(dir, "moved"));
print(path.listDir(path.join(dir, "moved")));
print(file.delete(p), file.delete(p), file.exists(p));
path.removeDirRecursive(dir);
print(file.exists(dir));
