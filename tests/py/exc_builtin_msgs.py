# Messages of common built-in errors.
none, five, one_f = None, 5, 1.0
cases = [
    "1 + 'a'", "'a' + 1", "[] + ()", "len(5)", "none()", "five[0]", "none[0]", "{}[[]]", "[1][2]", "(1,)[5]",
    "'abc'[9]", "{}['k']", "int('x')", "float('y')", "[].pop()", "{}.pop(1)", "set().pop()", "x_undefined",
    "None.attr", "(5).attr", "'s'.nope", "1 / 0", "1 // 0", "1 % 0", "2.0 / 0", "divmod(1, 0)", "int(None)",
    "iter(5)", "next(iter([]))", "list(1)", "dict(5)", "abs('x')", "-'x'", "~1.5", "'x' * 'y'", "[] < 1",
    "1 < 'a'", "sorted([1, 'a'])", "min([])", "max([])", "chr(2000000)", "ord('')", "'a'.join([1])",
    "int('1', 99)", "range(1.5)", "hash([])", "{[]: 1}", "object().x",
    "[1, 2].index(3)", "(1, 2).index(3)", "'ab'.index('z')", "[].remove(0)", "tuple(5)", "pow(2, 3, 0)",
    "int(float('inf'))", "bytes('x')", "'%d' % 'x'", "getattr(1, 'q')",
    "(lambda a: a)(1, 2)", "[1][one_f]", "sum(['a', 'b'])", "sum([[1]], 5)",
]
for c in cases:
    try:
        r = eval(c)
        print(c, "->", repr(r))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)
