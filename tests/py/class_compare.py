# Rich comparisons, ordering without functools, __eq__/__hash__ in dicts/sets.
class Ver:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __repr__(self):
        return "Ver(%s)" % ".".join(map(str, self.parts))
    def __eq__(self, o):
        return isinstance(o, Ver) and self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __le__(self, o):
        return self.parts <= o.parts
    def __hash__(self):
        return hash(self.parts)
vs = [Ver(s) for s in ("1.10", "1.2", "1.2.1", "0.9", "1.2")]
print(sorted(vs), max(vs), min(vs), vs[1] == vs[4], vs[1] != vs[4], vs[1] is vs[4])
print(vs[0] > vs[1], vs[0] >= vs[1], Ver("1.0") == "1.0", Ver("1.0") != "1.0")
d = {vs[1]: "first"}
d[vs[4]] = "second"
print(len(d), d[Ver("1.2")], len(set(vs)), Ver("0.9") in set(vs))
class NoHash:
    def __eq__(self, o):
        return True
try:
    {NoHash()}
except TypeError as e:
    print("TypeError:", e)
print(NoHash.__hash__ is None, NoHash() == 5, 5 == NoHash(), NoHash() != 1)
class Only:
    pass
o1, o2 = Only(), Only()
print(o1 == o1, o1 == o2, o1 != o2, len({o1, o2, o1}))
try:
    o1 < o2
except TypeError as e:
    print("TypeError:", e)
class Rev:
    def __init__(self, v): self.v = v
    def __gt__(self, other):
        print("Rev.__gt__ called")
        return self.v > other
print(5 < Rev(7), 10 < Rev(7))
class Eqlog:
    def __eq__(self, o):
        print("eq called")
        return NotImplemented
print(Eqlog() == 3, [1, 2] == [1, 2], (1, 2) == [1, 2], 1 == 1.0 == True)
