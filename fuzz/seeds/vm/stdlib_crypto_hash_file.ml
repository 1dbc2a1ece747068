// crypto.hash_file with file.read granted (the only grant it needs): known digests of a fixture file; I/O errors are RuntimeError
// mlpy-flags: --grant file.read
import crypto;
print(crypto.hash_file("fixtures/crypto_quick_fox.txt"));
print(crypto.hash_file("fixtures/crypto_quick_fox.txt", "md5"), crypto.hash_file("fixtures/crypto_quick_fox.txt", "sha1"));
print(crypto.hash_file("fixtures/crypto_quick_fox.txt") == crypto.sha256("The quick brown fox jumps over the lazy dog"));
try { crypto.hash_file("fixtures/no_such_file.txt"); } except (e) { print(e.type); }
try { crypto.hash_file("fixtures/crypto_quick_fox.txt", "whirlpool"); } except (e) { print(e.type); }
