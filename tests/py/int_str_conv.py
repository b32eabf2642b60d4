# int() from strings in various bases, and str/repr of ints.
print(int("0"), int("-0"), int("  42  "), int("+17"), int("-123"), int("1_000_000"))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0))
print(int("z", 36), int("ZZ", 36), int("101", 2), int("777", 8), int("10", 3))
print(int("123456789012345678901234567890"), int("-99999999999999999999999"))
print(int(" 0b1111 ", 0), int("0", 0), int("00", 10))
print(int(3.9), int(-3.9), int(True), int(False), int(1e20))
for bad in ("", "abc", "1.5", "0x", "1 2", "--1", "12a", "_1", "1__0"):
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("9", 8)
except ValueError as e:
    print("ValueError:", e)
try:
    int("10", 1)
except ValueError as e:
    print("ValueError:", e)
print(str(-5), repr(12), str(10 ** 25), repr(-10 ** 25))
print(hex(255), hex(-255), oct(8), oct(-8), bin(5), bin(-5), bin(0), hex(0))
print(hex(2 ** 100), oct(3 ** 40), bin(2 ** 65 + 1))
print(0x10, 0o10, 0b10, 1_000, 0xdead_beef)
