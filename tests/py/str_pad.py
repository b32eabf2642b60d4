# center / ljust / rjust / zfill / expandtabs.
for w in ("", "a", "ab", "abc", "abcdefgh"):
    print(repr(w.center(6)), repr(w.center(7, "*")), repr(w.ljust(5, ".")), repr(w.rjust(5)), repr(w.zfill(5)))
print("42".zfill(5), "-42".zfill(5), "+42".zfill(5), "3.14".zfill(8), "-".zfill(3), "abc".zfill(2))
print(repr("a\tb\tc".expandtabs()), repr("a\tbc\td".expandtabs(4)), repr("\t".expandtabs(2)))
try:
    "x".center(5, "ab")
except TypeError as e:
    print("TypeError:", e)
