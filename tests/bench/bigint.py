# Big-integer benchmark: factorials, powers, division, modular squaring and digit strings.
def fact(n):
    f = 1
    for i in range(2, n + 1):
        f *= i
    return f
digit_sums = 0
for n in range(1000, 1540, 12):
    s = str(fact(n))
    digit_sums += len(s) * sum(map(int, s))
p = pow(3, 150000) // pow(7, 40000)
m = 10 ** 600 + 7
x = 2 ** 1999 + 1
for _ in range(60000):
    x = x * x % m
fibs = [0, 1]
for _ in range(40000):
    fibs.append(fibs[-1] + fibs[-2])
print("bigint checksum", digit_sums, p % 1000000007, x % 10 ** 12, fibs[-1] % 10 ** 15, fibs[-1].bit_length())
