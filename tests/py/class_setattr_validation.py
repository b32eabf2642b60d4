# __setattr__ for validation and read-only attributes, __init_subclass__ registration.
class Frozen:
    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)
    def __setattr__(self, name, value):
        raise AttributeError("Frozen object: cannot set %r" % name)
    def __repr__(self):
        return "Frozen(%s)" % ", ".join("%s=%r" % kv for kv in sorted(vars(self).items()))
f = Frozen(a=1, b="x")
print(f, f.a)
try:
    f.a = 2
except AttributeError as e:
    print("AttributeError:", e)
class Validated:
    def __setattr__(self, name, value):
        if name.startswith("n_") and not isinstance(value, int):
            raise TypeError("%s must be int, got %s" % (name, type(value).__name__))
        super().__setattr__(name, value)
v = Validated()
v.n_count = 3
v.label = "ok"
try:
    v.n_count = "three"
except TypeError as e:
    print("TypeError:", e)
print(v.n_count, v.label)
class Plugin:
    registry = []
    def __init_subclass__(cls, name=None, **kw):
        super().__init_subclass__(**kw)
        Plugin.registry.append(name or cls.__name__)
class CSV(Plugin, name="csv"):
    pass
class JSONPlugin(Plugin):
    pass
class Sub(CSV, name="csv2"):
    pass
print(Plugin.registry)
