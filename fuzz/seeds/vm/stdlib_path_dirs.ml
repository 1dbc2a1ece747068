// path: createDir, listDir, walk with maxDepth, glob with **, and directory removal in a temp dir
// mlpy-flags: --grant path.write --grant file.write
import path;
import file;
import math;
root = path.join(path.tempDir(), "mlpy_stdlib_path_" + str(math.floor(math.random() * 1000000000)));
path.createDir(path.join(root, "a", "b"));
path.createDir(path.join(root, "a", "b"));
path.createDir(path.join(root, "empty"), false);
file.write(path.join(root, "top.txt"), "1");
file.write(path.join(root, "a", "mid.ml"), "2");
file.write(path.join(root, "a", "b", "deep.txt"), "3");
file.write(path.join(root, ".hidden.txt"), "4");
print(path.listDir(root));
print(path.walk(root));
print(path.walk(root, 0), path.walk(root, 1));
found = path.glob(path.join(root, "**", "*.txt"));
print(len(found), path.relative(root, found[0]), path.relative(root, found[1]));
print(path.glob(path.join(root, "*.ml")), path.relative(root, path.glob(path.join(root, "a", "*"))[0]));
try { path.listDir(path.join(root, "top.txt")); } except (e) { print(e.type); }
try { path.createDir(path.join(root, "x", "y"), false); } except (e) { print(e.type); }
try { path.removeDir(path.join(root, "a")); } except (e) { print(e.type); }
path.removeDir(path.join(root, "empty"));
print(path.exists(path.join(root, "empty")), path.walk(path.join(root, "missing")));
path.removeDirRecursive(root);
print(path.exists(root));
