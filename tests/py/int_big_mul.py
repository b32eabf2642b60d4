# Big-integer multiplication, addition, subtraction.
a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, a - b, b - a, a * b)
print(-a * b, a * -b, -a * -b)
f = 1
for i in range(1, 101):
    f *= i
print(f)
print(len(str(f)))
x = 2 ** 200 - 1
y = 3 ** 150 + 7
print(x * y)
print(x * y - y * x, (x + y) * (x - y) == x * x - y * y)
s = 0
for i in range(200):
    s += (i * 1000003) ** 5
print(s)
print(10 ** 50 - 1, -(10 ** 50) + 1)
print(2 ** 64, 2 ** 64 - 1, -2 ** 63, 2 ** 63 - 1, 2 ** 32 * 2 ** 32)
print(0xFFFFFFFFFFFFFFFF + 1, 0x7FFFFFFFFFFFFFFF + 1, -0x8000000000000000 - 1)
print(9223372036854775807 * 9223372036854775807)
print(4611686018427387904 + 4611686018427387904)
print(-9223372036854775808 * -1, -9223372036854775808 // -1)
