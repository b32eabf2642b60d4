# Big powers and three-argument pow.
print(2 ** 1000)
print(3 ** 500)
print((-7) ** 101)
print(12345 ** 67)
print(pow(2, 100), pow(2, 100, 1000007), pow(3, 10 ** 18, 10 ** 9 + 7))
print(pow(123456789, 987654321, 1000000007), pow(-3, 5, 7), pow(3, 5, -7))
print(pow(7, -1, 13), pow(2, -3, 11))
print(pow(10 ** 30 + 1, 10 ** 20, 10 ** 25 + 13))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError:", e)
print(len(str(9 ** 999)), str(9 ** 999)[:30], str(9 ** 999)[-30:])
