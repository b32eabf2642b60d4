# Messages of less common built-in errors.
cases = [
    "str.upper(5)", "print(sep=5)", "isinstance(1, 5)", "'x'.center()", "(1).bit_length(2)", "round('x')",
    "type(5)(None)", "issubclass(1, int)", "zip(5)", "enumerate(None)", "reversed(5)", "[].append()",
    "{}.get()", "'a'.split(1)", "len()", "len(1, 2)", "int(1, 2, 3)", "'abc'.startswith(1)",
]
for c in cases:
    try:
        r = eval(c)
        print(c, "->", repr(r))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)
