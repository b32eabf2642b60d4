# str.format: positional, keyword, indexing, attribute, conversions.
print("{} {} {}".format(1, "two", 3.0), "{0}{1}{0}".format("ab", "cd"), "{x}-{y}".format(x=1, y=2))
print("{0[1]} {1[k]} {2.real}".format([10, 20], {"k": "v"}, 5), "{!r} {!s} {!a}".format("q", "q", "é"))
print("{{literal}} {}".format(7), "{:>{w}}|".format("r", w=6), "{0:{1}}|".format("p", 4))
class P:
    def __init__(self):
        self.x = 3
        self.y = [4, 5]
p = P()
print("{0.x} {0.y[1]} {p.x}".format(p, p=p))
print("{:d} {:5d} {:<5d}| {:^5d}|".format(1, 22, 333, 4))
for bad in ("{", "}", "{0} {}", "{1}", "{x}"):
    try:
        print(bad.format(1))
    except (ValueError, IndexError, KeyError) as e:
        print(type(e).__name__, e)
print(format(3.14159, ".2f"), format(42, "b"), format("s", ">3"), format(7), format(None))
