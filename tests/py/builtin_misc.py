# chr/ord, hex/oct/bin, hash equality, vars, dir, globals, locals, id-free identity.
print([chr(i) for i in range(65, 75)], [ord(c) for c in "azAZ09 "], chr(0x20AC), ord("\u00ff"))
print(hex(0), hex(-1), hex(4096), oct(64), bin(255), bin(-3), format(255, "#06x"))
print(hash("abc") == hash("ab" + "c"), hash((1, "a")) == hash((1, "a")), hash(3) == hash(3.0), hash(frozenset([1])) == hash(frozenset([1])))
class K:
    cls_attr = 1
    def __init__(self):
        self.a = 1
        self._b = 2
    def meth(self):
        return 0
k = K()
print(vars(k), sorted(n for n in dir(k) if not n.startswith("__")), "meth" in dir(K), "a" in dir(K))
gv = 123
def scope(p, q=2):
    local_var = p + q
    return sorted(locals().items())
print(scope(1))
print("gv" in globals(), globals()["gv"], globals() is globals(), "scope" in globals(), sorted(k for k in globals() if not k.startswith("_"))[:4])
a = [1]
b = a
c = [1]
print(a is b, a is c, a == c, a is not c, None is None, (lambda: None)() is None)
print(len("four"), len([1, 2]), len({1: 2}), len(range(0, 10, 3)), len(b"xy"), len(set("aab")))
print(repr(1e100), str(-0.0), ascii("ü"), repr(b"\x00"), bool(...))
print(isinstance(print, type(len)), callable(K), callable(k), callable(k.meth), int("7") + float("0.5"))
