# Conversions between float and int, big values, overflow.
print(float(2 ** 1023), float(-2 ** 1023))
try:
    float(2 ** 1024)
except OverflowError as e:
    print("OverflowError:", e)
try:
    2 ** 1024 / 1
except OverflowError as e:
    print("OverflowError:", e)
print(2 ** 1024 // 3 ** 600, (2 ** 200) / (2 ** 190), 10 ** 400 / 10 ** 399)
print(int(1e308) % 1000, int(2.5), int(-2.5), int(1e-300), float(10 ** 22) == 1e22, 10 ** 23 == 1e23)
print(2 ** 53 + 1 > 2.0 ** 53, 2 ** 53 + 1 == 2.0 ** 53, float(2 ** 53 + 1), 9007199254740993 < 9007199254740992.0)
print(1.0 * 10 ** 20, 3 * 0.1, 7 // 2.0, -7 // 2.0, 7 % -2.5, 2 ** 0.5 * 2 ** 0.5)
print(float("1e-400"), float("-1e-400"), 1e308 + 1e308, -1e308 - 1e308, 1e-323 / 10)
print(round(1e22), round(123456789.987654321, 4), round(-0.5), round(0.5000000001), round(1e16 + 2.5))
print(7.0 // 0.1, 7.0 % 0.1)
