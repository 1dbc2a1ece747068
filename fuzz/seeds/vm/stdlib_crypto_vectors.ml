// crypto: known hash and HMAC vectors, salts, uuid v5, constant-time compare, random value shapes
import crypto;
print(crypto.sha256("abc"));
print(crypto.sha256(""), crypto.sha1("abc"), crypto.md5("abc"));
print(crypto.sha256("world", "hello ") == crypto.sha256("hello world"), crypto.md5("é"));
print(crypto.hmac("what do ya want for nothing?", "Jefe"));
print(crypto.hmac("msg", "key", "sha1"), crypto.hmac("msg", "key", "md5"));
print(crypto.hmac("msg", "key", "sha512"));
sig = crypto.hmac("payload", "secret");
print(crypto.verify_hmac("payload", sig, "secret"), crypto.verify_hmac("payload!", sig, "secret"), crypto.verify_hmac("payload", sig, "other"));
print(crypto.compare_hash("abc", "abc"), crypto.compare_hash("abc", "abd"), crypto.compare_hash("abc", "abcd"));
print(crypto.uuid_from_string("python.org"), crypto.uuid_from_string("python.org") == crypto.uuid_from_string("python.org"));
print(crypto.uuid_from_string("x", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"));
u = crypto.uuid();
print(len(u), u[14], u != crypto.uuid(), len(crypto.random_hex(16)), len(crypto.random_string(12)), crypto.random_hex(0));
bytes = crypto.random_bytes(64);
ok = len(bytes) == 64;
for (b in bytes) { if (b < 0 || b > 255) { ok = false; } }
for (i in range(200)) {
    r = crypto.random_int(1, 6); f = crypto.random_float();
    if (r < 1 || r > 6 || f < 0 || f >= 1) { ok = false; }
}
print(ok, crypto.random_int(4, 4), typeof(crypto.random_float()));
for (bad in [fn() => crypto.hmac("m", "k", "sha3"), fn() => crypto.random_int(5, 1), fn() => crypto.random_hex(-1),
             fn() => crypto.uuid_from_string("x", "nope"), fn() => crypto.sha256(5)]) {
    try { bad(); } except (e) { print(e.type); }
}
print(requiredCapabilities(crypto.hash_file), requiredCapabilities(crypto.uuid), requiredCapabilities(crypto.md5));
