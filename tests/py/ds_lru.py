# An LRU cache built on dict ordering, and an OrderedDict variant.
from collections import OrderedDict
class LRU:
    def __init__(self, cap):
        self.cap = cap
        self.data = {}
        self.hits = self.misses = 0
    def get(self, k):
        if k in self.data:
            v = self.data.pop(k)
            self.data[k] = v
            self.hits += 1
            return v
        self.misses += 1
        return None
    def put(self, k, v):
        self.data.pop(k, None)
        self.data[k] = v
        if len(self.data) > self.cap:
            del self.data[next(iter(self.data))]
c = LRU(3)
for op in ["p1", "p2", "p3", "g1", "p4", "g2", "g3", "p5", "g1", "g4", "g5"]:
    k = int(op[1])
    if op[0] == "p":
        c.put(k, k * 10)
    else:
        print(op, c.get(k), list(c.data))
print(c.hits, c.misses, c.data)
class LRU2(OrderedDict):
    def __init__(self, cap):
        super().__init__()
        self.cap = cap
    def touch(self, k, v):
        if k in self:
            self.move_to_end(k)
        self[k] = v
        if len(self) > self.cap:
            self.popitem(last=False)
l2 = LRU2(2)
for k in "abacbd":
    l2.touch(k, ord(k))
    print(k, list(l2.items()))
