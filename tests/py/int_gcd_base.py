# Euclid's algorithm, extended gcd, modular inverse, base conversion by hand.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)
def egcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y
pairs = [(12, 18), (17, 5), (0, 9), (-24, 36), (2 ** 64, 6 ** 30), (123456789, 987654321)]
for a, b in pairs:
    g, x, y = egcd(a, b)
    print(a, b, gcd(a, b), g, x, y, a * x + b * y == g)
def to_base(n, b):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(digits[r])
    return sign + "".join(reversed(out))
for n in (0, 1, 255, -255, 1000, 2 ** 70, -(3 ** 40)):
    reps = [to_base(n, b) for b in (2, 3, 8, 16, 36)]
    print(n, reps, all(int(r, b) == n for r, b in zip(reps, (2, 3, 8, 16, 36))))
print(pow(17, -1, 3120), (17 * pow(17, -1, 3120)) % 3120)
