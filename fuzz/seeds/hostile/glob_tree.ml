import path;
print(len(path.glob("/proc/self/root/proc/self/**")));
print(path.glob("**/*.ml"));
