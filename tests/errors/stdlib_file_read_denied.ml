// an uncaught CapabilityError from file.read stops the program with status 1
import file;
print("before");
file.read("/no_such_dir_mlpy/secret.txt");
print("never");
