# Large string building, slicing, searching and replacing.
parts = []
for i in range(20000):
    parts.append("item%05d;" % i)
s = "".join(parts)
print(len(s), s[:20], s[-20:], s.count("item"), s.find("item12345"), s.rfind("item0000"))
t = s.replace(";", "\n")
lines = t.splitlines()
print(len(lines), lines[100], lines[-1])
u = s.upper().lower() == s
print(u, s[::1000][:30], len(s[::-1]))
acc = ""
for i in range(5000):
    acc += chr(97 + i % 26)
print(len(acc), acc[:30], acc.count("abc"), acc.index("zab"))
words = s.split(";")
print(len(words), words[0], words[-2], repr(words[-1]))
print(len(" ".join(sorted(words, reverse=True))), sorted(words, key=lambda w: w[::-1])[:3])
