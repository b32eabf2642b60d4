# math module functions.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.isnan(math.nan))
for x in (0.5, 1.0, 2.0, 10.0):
    print(x, math.sqrt(x), math.exp(x), math.log(x), math.log10(x), math.log2(x))
    print(math.sin(x), math.cos(x), math.tan(x), math.atan(x), math.sinh(x), math.cosh(x), math.tanh(x))
print(math.asin(0.5), math.acos(0.5), math.atan2(1, -1), math.hypot(3, 4), math.log(8, 2))
print(math.floor(-2.5), math.ceil(-2.5), math.fabs(-3), math.fmod(-7, 3), math.copysign(2, -0.0))
print(math.factorial(20), math.factorial(30), math.gcd(12, 18), math.gcd(0, 5), math.gcd(2 ** 80, 6 ** 40))
print(math.isqrt(10 ** 20 + 1), math.isqrt(99), math.comb(10, 3), math.perm(5, 2), math.prod([1, 2, 3, 4]))
print(math.isinf(1e308 * 10), math.isfinite(1.0), math.isclose(1.0, 1.0 + 1e-12), math.degrees(math.pi), math.radians(180))
print(math.pow(2, 10), math.fsum([0.1] * 10), sum([0.1] * 10), math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4))
for bad in ("math.sqrt(-1)", "math.log(0)", "math.log(-1)", "math.acos(2)"):
    try:
        eval(bad)
    except ValueError as e:
        print(bad, "ValueError:", e)
try:
    math.exp(1000)
except OverflowError as e:
    print("OverflowError:", e)
print(math.lcm(4, 6), math.dist((0, 0), (3, 4)))
