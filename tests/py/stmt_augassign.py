# Augmented assignment on names, attributes, subscripts; evaluation order.
class C:
    def __init__(self):
        self.v = 1
        self.items = [1, 2]
c = C()
c.v += 10
c.v *= 3
c.items += [3]
c.items[0] += 100
print(c.v, c.items)
d = {"k": 1, "l": [0]}
d["k"] -= 5
d["l"] *= 3
d["new"] = d.get("new", 0) + 1
print(d)
log = []
def key(k):
    log.append("key " + str(k))
    return k
def container():
    log.append("container")
    return d
container()[key("k")] += 1
print(d["k"], log)
s = "ab"
s *= 3
s += "!"
print(s)
n = 10
n //= 3; n **= 3; n %= 7; n <<= 4; n >>= 1; n |= 1; n &= 0b111111; n ^= 0b1010
print(n)
f = 2.0
f /= 4
f -= 0.125
print(f)
t = (1,)
t += (2,)
print(t)
fs = frozenset([1])
fs |= {2}
print(sorted(fs), type(fs).__name__)
