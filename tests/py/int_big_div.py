# Big-integer division and modulo with all sign combinations.
a = 10 ** 40 + 12345678901234567
b = 10 ** 20 + 3
for x in (a, -a):
    for y in (b, -b, 7, -7, 10 ** 19, -(10 ** 19)):
        q, r = divmod(x, y)
        print(q, r, x // y, x % y, q * y + r == x)
f = 1
for i in range(1, 60):
    f *= i
for i in range(1, 60):
    f //= i
print(f)
print(3 ** 100 // 3 ** 98, 3 ** 100 % 1000007, (2 ** 128) // (2 ** 64 + 1))
print(123456789 ** 5 // 987654321 ** 2, (123456789 ** 5) % (987654321 ** 2))
print((10 ** 30) / (10 ** 10), (2 ** 70) / 3, 1 / (2 ** 70))
big = 7 ** 77
print(big // 1, big % 1, big // big, big % big, -big // big, (-big) % big)
