# startswith / endswith with tuples and ranges.
s = "hello world"
print(s.startswith("hello"), s.startswith("world"), s.startswith("world", 6), s.startswith(""), s.startswith("lo", 3, 5))
print(s.endswith("world"), s.endswith("hello"), s.endswith("hello", 0, 5), s.endswith(""), s.endswith("o", 0, -6))
print(s.startswith(("x", "he")), s.startswith(("x", "y")), s.endswith(("ld", "zz")), s.endswith(()))
for name in ["a.py", "b.txt", "c.PY", "d.pyc", "e.c"]:
    print(name, name.endswith((".py", ".c")), name.lower().endswith(".py"))
try:
    s.startswith(["he"])
except TypeError as e:
    print("TypeError:", e)
