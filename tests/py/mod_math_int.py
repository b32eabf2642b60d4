# math functions on big ints and exactness.
import math
print(math.factorial(50), math.isqrt(10 ** 50), math.isqrt(2 ** 101 - 1), math.gcd(2 ** 100, 3 ** 50 * 2 ** 7))
print(math.comb(100, 50), math.perm(20, 10), math.prod(range(1, 30)), math.lcm(*range(1, 25)))
print(math.floor(10 ** 20 + 0.5), math.ceil(-2 ** 70), math.floor(2.5), math.ceil(2.0000001), type(math.floor(2.5)).__name__)
print(math.log(2 ** 1000), math.log10(10 ** 300), math.log2(2 ** 500), math.sqrt(10 ** 200))
print(math.exp(0), math.exp(1), math.exp(-1), math.expm1(1e-10), math.log1p(1e-10))
print(math.trunc(-3.7), math.trunc(3.7), math.fabs(-2 ** 60), math.copysign(3, -1), math.sin(math.pi / 6))
try:
    math.factorial(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.isqrt(-1)
except ValueError as e:
    print("ValueError:", e)
