# Comparisons across small ints, big ints, floats and bools.
vals = [0, 1, -1, 2 ** 70, -(2 ** 70), 2 ** 70 + 1, 0.5, -0.5, True, False, 1e30, 10 ** 30]
for a in vals:
    print([(a < b, a <= b, a == b, a != b, a > b, a >= b) for b in vals[:6]])
print(10 ** 30 == 1e30, 2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 == 2.0 ** 53)
print(1 == 1.0, True == 1, False == 0, hash(1) == hash(1.0) == hash(True))
print(max(3, 2 ** 80, -5), min(3, -(2 ** 80), 5))
print(sorted([5, 2 ** 65, -3, 0, -(2 ** 64), 1.5, 7]))
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1 < 2)
