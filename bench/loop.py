# loop: a 10,000,000-iteration while loop (inside a function: Python's
# fastest form, locals instead of globals). Expected output: 29999994
def main():
    i = 0
    s = 0
    while i < 10000000:
        s = s + i % 7
        i = i + 1
    print(s)


main()
