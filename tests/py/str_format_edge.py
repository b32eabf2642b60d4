# str.format and f-string edge cases: nested fields, conversions with specs, dict/attr access.
data = {"name": "Ada", "langs": ["en", "fr"], "n": 1234.5678}
print("{name!r:>10}|{langs[1]:^6}|{n:,.1f}".format(**data))
print("{0:{fill}{align}{width}}".format("x", fill="*", align="^", width=9))
print("{:{}{}}".format(3.14159, ".", "3"), "{:{}}".format("abc", 6) + "|")
print("{!r:^12}".format("é"), "{!a}".format("ü"), "{0!s:.2}".format(12345))
print(f"{'abc'!r:>8}", f"{3.5!s:>6}", f"{data['name']:_<7}", f"{data['langs']!r}")
w, p = 12, 4
print(f"{1 / 3:{w}.{p}}|", f"{1 / 3:<{w}.{p}e}|", f"{12345:{'+' if w > 10 else '-'}{w},}|")
print("{:%}".format(0.5), "{:.0%}".format(0.125), "{:e}".format(0), "{:.3g}".format(0.0001234), "{:G}".format(1e-10))
print("{0}{0}{1}{0}".format("ab", "-"), "{a}{b}{a}".format(a=1, b=2), "{0[0]}{0[1]}".format("xy"))
print("{:c}{:c}{:c}".format(72, 105, 233), "{:#o} {:#b} {:#X}".format(8, 5, 255), "{:,}".format(-1234567))
print(format(1234567.891, ",.2f"), format(-0.0, ".1f"), format(0.000001, "f"), format(1e300, ".3e"), format(255, "_b"))
