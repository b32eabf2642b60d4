# divmod, floor division and modulo sign rules.
for a in (17, -17, 0, 5, -5, 123456789, -123456789):
    for b in (1, -1, 3, -3, 7, -7, 1000):
        q, r = divmod(a, b)
        assert q * b + r == a
        print(a, b, q, r, a // b, a % b)
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(7 / 2, -7 / 2, 6 / 3, 1 / 3, 10 / 4)
