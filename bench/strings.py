# strings: building a string with s = s + ... (1,000,000 appends).
# Output: the length, then the last 10 characters.
# Expected output: 1000000 0123456789
def main():
    s = ""
    for i in range(1000000):
        s = s + str(i % 10)
    print(len(s), s[-10:])


main()
