# Big-integer workloads: 1000!, 2**20000, and repeated multiplication/division.
f = 1
for i in range(2, 1001):
    f *= i
s = str(f)
print(len(s), s[:30], s[-30:].rstrip("0") + "|", len(s) - len(s.rstrip("0")))
p = 2 ** 20000
print(p.bit_length(), p % 1000000007, (p - 1) % 9)
x = 3 ** 2000
y = 7 ** 1000
q, r = divmod(x, y)
print(q * y + r == x, q.bit_length(), r % 10 ** 10)
acc = 1
for i in range(1, 400):
    acc = acc * (2 * i + 1) // i
print(acc % 10 ** 20, acc.bit_length())
print(sum(int(c) for c in str(2 ** 3000)), str(5 ** 1500)[:20])
