// importing a module that cannot be found is an ImportError at the import statement
print("before import");
import no_such_module_for_conformance;
