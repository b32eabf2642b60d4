# Float arithmetic and mixed int/float operations.
a, b = 7.5, 2.0
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a // b, -a % b, a // -b, a % -b)
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(7.5, -2), divmod(1e10, 3.3))
print(0.1 * 3, 0.1 + 0.7, 1 - 0.9, 3 * 1.1, 1e308 * 10, -1e308 * 10, 1e-320 / 1e10)
print(2 ** 0.5, 2.0 ** -1, (-8.0) ** 2, 10 ** -2, 4 ** 0.5, 0.0 ** 0)
print(5 + 0.5, 5 * 0.5, 5 / 2, 2 ** 70 + 0.5, 2 ** 70 * 1.0)
print(-0.0 == 0.0, -0.0, 0.0 * -1, abs(-0.0), -(0.0))
inf = float("inf")
nan = float("nan")
print(inf + 1, inf - inf, inf * 0, inf > 1e308, -inf < -1e308, nan == nan, nan < 1, nan > 1)
print(inf / inf, 1 / inf, -1 / inf, inf * -1)
for op in ("1.0 / 0", "1.0 // 0.0", "1.0 % 0.0", "divmod(1.0, 0.0)", "0.0 ** -1"):
    try:
        eval(op)
    except ZeroDivisionError as e:
        print(op, "->", type(e).__name__, e)
try:
    10.0 ** 400
except OverflowError as e:
    print("OverflowError:", e)
print(1.5.is_integer(), 2.0.is_integer(), (0.5).as_integer_ratio(), (0.1).as_integer_ratio())
print(float.fromhex("0x1.8p1"), (3.0).hex(), (0.1).hex())
