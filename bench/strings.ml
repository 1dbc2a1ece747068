// strings: building a string with s = s + ... (1,000,000 appends).
// Output: the length, then the last 10 characters.
// Expected output: 1000000 0123456789
function main() {
    s = "";
    i = 0;
    while (i < 1000000) {
        s = s + str(i % 10);
        i = i + 1;
    }
    print(len(s), s[-10:]);
}

main();
