# strings: building a string with s = s + ... (200,000 appends).
# Output: the length, then the last 10 characters.
# Expected output: 200000 0123456789
def main():
    s = ""
    for i in range(200000):
        s = s + str(i % 10)
    print(len(s), s[-10:])


main()
