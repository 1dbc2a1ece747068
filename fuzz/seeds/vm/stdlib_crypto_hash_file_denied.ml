// crypto.hash_file reads a file, so without grants it raises CapabilityError; hashing text needs no grant
import crypto;
try { crypto.hash_file("fixtures/crypto_quick_fox.txt"); } except (e) { print(e.type); }
print(hasCapability("file.read"), len(crypto.md5("no grant needed")));
