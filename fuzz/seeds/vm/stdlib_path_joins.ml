// path: joins, normalization and name splitting follow os.path; extname of a.tar.gz is .gz
import path;
print(path.join("dir", "sub", "file.txt"), path.join("a/", "b"), path.join("a", "/abs", "x"), path.join("a"));
print(path.normalize("/path/./to/../file"), path.normalize("//path//to//file"), path.normalize(""));
print(path.normalize("a/../../b/"), path.normalize("../x/./y/.."), path.normalize("/../a"));
print(path.dirname("/path/to/file.txt"), repr(path.dirname("file.txt")), path.dirname("/a"));
print(path.basename("/path/to/file.txt"), repr(path.basename("/path/to/dir/")));
print(path.extname("a.tar.gz"), repr(path.extname("README")), repr(path.extname(".bashrc")), path.extname("x/.a.b"));
print(path.split("/path/to/file.txt"), path.split("file"), path.split("/"));
print(path.relative("/a/b/c", "/a/b/d/e"), path.relative("/a/b", "/a/b/c"), path.relative("/a", "/a"));
print(path.isAbsolute("/x"), path.isAbsolute("x/y"), path.separator(), path.delimiter());
print(path.absolute("/a/./b/../c"), path.absolute("x") == path.join(path.cwd(), "x"));
print(path.isAbsolute(path.tempDir()), path.isAbsolute(path.home()), path.absolute("~") == path.home());
print(path.exists("."), path.isDirectory("."), path.isFile("."), path.exists("no_such_mlpy_path"));
try { path.join("a", 1); } except (e) { print(e.type + ": " + e.message); }
try { path.relative("", "a"); } except (e) { print(e.type + ": " + e.message); }
print(requiredCapabilities(path.join), requiredCapabilities(path.listDir), requiredCapabilities(path.createDir));
