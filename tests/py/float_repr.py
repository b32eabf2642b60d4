# Shortest round-trip repr of floats.
vals = [0.1, 0.2, 0.1 + 0.2, 1.0, -1.0, 0.0, -0.0, 1e16, 1e15, 123456789012345678.0,
        1e-5, 1e-4, 0.0001, 0.00001234, 1.5e300, -1.5e300, 1e308, 5e-324, 2.2250738585072014e-308,
        1.7976931348623157e308, 3.141592653589793, 2.718281828459045, 1 / 3, 2 / 3, 100.0,
        1e22, 1e23, 9007199254740993.0, 0.5, 0.25, 1234.5678, 1e100, 1.0e-100, 12345678.9]
for v in vals:
    print(repr(v), str(v))
print(float("inf"), float("-inf"), float("nan"), -float("inf"))
print(float("1e500"), float("-1e500"), float("Infinity"), float("  -iNF "), float("nan") != float("nan"))
print(float("1.5"), float(" 2.5e3 "), float("-.5"), float("5."), float("1_000.5"), float(7), float(2 ** 70))
print([float(x) for x in ("0", "-0", "+1.25", "1E3", "1e-3", "16", " 7 ")])
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    float("")
except ValueError as e:
    print("ValueError:", e)
print(1e16, 1e17, 123e18, 1.0e-7, 0.000123, 1e-6 * 3)
