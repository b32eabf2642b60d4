# __getattr__, __setattr__, __delattr__, getattr/setattr/hasattr/delattr.
class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "log", [])
    def __getattr__(self, name):
        self.log.append("get " + name)
        return getattr(self.target, name)
    def __setattr__(self, name, value):
        self.log.append("set " + name)
        setattr(self.target, name, value)
    def __delattr__(self, name):
        self.log.append("del " + name)
        delattr(self.target, name)
class T:
    pass
t = T()
t.a = 1
p = Proxy(t)
print(p.a)
p.b = 2
print(t.b, p.b)
del p.a
print(hasattr(t, "a"), hasattr(p, "a"), p.log)
class Dyn:
    def __getattr__(self, name):
        if name.startswith("x_"):
            return name[2:].upper()
        raise AttributeError(name)
d = Dyn()
print(d.x_hello, getattr(d, "x_y"), hasattr(d, "y"), getattr(d, "y", "dflt"))
try:
    d.missing
except AttributeError as e:
    print("AttributeError:", e)
o = T()
setattr(o, "name", "v")
print(getattr(o, "name"), hasattr(o, "name"))
delattr(o, "name")
print(hasattr(o, "name"))
try:
    delattr(o, "name")
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(o, "zz")
except AttributeError as e:
    print("AttributeError:", e)
class GA:
    def __getattribute__(self, name):
        if name == "magic":
            return 42
        return object.__getattribute__(self, name)
g = GA()
g.real = 1
print(g.magic, g.real)
class Inst:
    def __init__(self):
        self.pub = 1
        self.other = 2
    def method(self):
        pass
print([n for n in dir(Inst()) if not n.startswith("__")], sorted(vars(Inst())))
