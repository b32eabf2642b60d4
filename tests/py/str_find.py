# find/rfind/index/rindex/count/replace.
s = "abracadabra"
for sub in ("a", "bra", "cad", "z", "", "abracadabra", "abracadabrax"):
    print(repr(sub), s.find(sub), s.rfind(sub), s.count(sub), sub in s)
print(s.find("a", 1), s.find("a", 1, 3), s.find("a", -4), s.rfind("a", 0, 5), s.count("a", 2, 8))
print(s.index("c"), s.rindex("a"), s.find("a", 100), s.count("", 3, 5))
try:
    s.index("z")
except ValueError as e:
    print("ValueError:", e)
try:
    s.rindex("q")
except ValueError as e:
    print("ValueError:", e)
print(s.replace("a", "A"), s.replace("a", "A", 2), s.replace("bra", ""), s.replace("", "-"), s.replace("x", "y"))
print("aaaa".replace("aa", "b"), "aaa".count("aa"), "".replace("", "z"), "abc".replace("", "_", 2))
