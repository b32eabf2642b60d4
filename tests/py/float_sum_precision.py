# Accumulated floating-point error, Kahan summation, and comparisons with tolerance.
vals = [0.1] * 10 + [1e16, 1.0, -1e16]
naive = 0.0
for v in vals:
    naive += v
def kahan(xs):
    s = c = 0.0
    for x in xs:
        y = x - c
        t = s + y
        c = (t - s) - y
        s = t
    return s
import math
print(naive, kahan(vals), math.fsum(vals), sum(vals))
print(sum(1 / n ** 2 for n in range(1, 10001)), math.pi ** 2 / 6)
harm = 0.0
for n in range(1, 100001):
    harm += 1.0 / n
print(harm, harm - math.log(100000))
x = 1.0
while 1.0 + x != 1.0:
    x /= 2
print(x, x * 2)
print(0.1 + 0.2 - 0.3, (0.1 + 0.2) + 0.3 == 0.1 + (0.2 + 0.3), 1e16 + 1 - 1e16, 3.0 * 0.1 == 0.3)
print([round(i * 0.1, 10) for i in range(11)], [i / 10 for i in range(11)])
