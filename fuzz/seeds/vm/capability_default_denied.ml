// outside-world functions need a grant that is absent by default; pure modules need none
import file;
import math;
print(hasCapability("file.write"), requiredCapabilities(len));
try {
    file.write("mlpy_conformance_must_not_exist.txt", "data");
    print("written");
} except (e) {
    print(e.type);
}
print(math.sqrt(4));
