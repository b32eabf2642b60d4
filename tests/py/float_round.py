# round() including banker's rounding, int() truncation, math floor/ceil.
import math
for x in (0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.49999, 2.675, 1.005, 12345.6789, -12345.6789):
    print(x, round(x), round(x, 1), round(x, 2), round(x, -1), int(x), math.floor(x), math.ceil(x), math.trunc(x))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0))
print(round(5), round(5, 2), round(15, -1), round(25, -1), round(-35, -1))
print(round(1e300, 2), round(123.456, 5), round(0.0), round(-0.0, 1))
for bad in (float("inf"), float("nan")):
    try:
        int(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
    try:
        round(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(int(1e18), int(-1e18), int(1.9e19), int(2.5e30))
