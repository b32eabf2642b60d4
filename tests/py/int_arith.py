# Small-int arithmetic, including negative floor division and modulo.
vals = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 100, -100]
for a in vals:
    row = []
    for b in vals:
        if b == 0:
            continue
        row.append((a + b, a - b, a * b, a // b, a % b))
    print(a, row)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(2 ** 10, 2 ** 0, (-2) ** 3, (-3) ** 4, 0 ** 0)
print(2 ** -1, 4 ** -2, (-2) ** -3)
print(-(5), +(-5), -(-5), ~5, ~-1, ~0)
x = 17
x += 3; print(x)
x -= 5; print(x)
x *= 4; print(x)
x //= 7; print(x)
x %= 5; print(x)
x **= 3; print(x)
print(1 + 2 * 3 - 4 // 2 % 3 ** 2)
print(-2 ** 2, (-2) ** 2, 2 ** 3 ** 2)
