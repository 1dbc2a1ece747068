// loop: a 10,000,000-iteration while loop at TOP LEVEL (global variables).
// Expected output: 29999994
i = 0;
s = 0;
while (i < 10000000) {
    s = s + i % 7;
    i = i + 1;
}
print(s);
