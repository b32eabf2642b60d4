# partition / rpartition.
for s in ("key=value", "key=value=more", "novalue", "=start", "end=", ""):
    print(repr(s), s.partition("="), s.rpartition("="))
print("a--b--c".partition("--"), "a--b--c".rpartition("--"))
try:
    "abc".partition("")
except ValueError as e:
    print("ValueError:", e)
