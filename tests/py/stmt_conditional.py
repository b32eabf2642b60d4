# if/elif/else, conditional expressions, truthiness, short-circuit evaluation.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"
print([classify(n) for n in (-5, 0, 3, 42, 1000)])
print(["even" if n % 2 == 0 else "odd" for n in range(5)], "a" if [] else "b" if {} else "c")
def t(v):
    print("eval", v)
    return v
print(t(0) and t(1), t(1) and t(2), t(0) or t(3), t(4) or t(5), t(None) or t(0) or t(""))
print(not t([]), t(1) and not t(0))
for v in (0, 0.0, "", [], (), {}, set(), None, False, 1, "0", [0], (None,), {0: 0}, -1, 0.1, range(0), range(1)):
    print(repr(v), "truthy" if v else "falsy")
x = 5
if x:
    pass
if not x:
    print("never")
elif x > 3 and x < 10 or x == 100:
    print("in range")
print(x > 3 if x else None, (lambda: 1 if x else 2)())
