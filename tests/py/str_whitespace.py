# Whitespace handling: which characters split() and strip() treat as space.
chars = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "x"]
for c in chars:
    s = "a" + c + "b"
    print(repr(c), c.isspace(), s.split(), repr((c + "z" + c).strip()), len(s.splitlines()))
print("a\x0bb\x0cc\x1cd\x85e".splitlines())
print(repr("  \t\n x \r\n ".strip()), repr(" x ".lstrip(" x")), "\xa0abc\xa0".strip() == "abc")
