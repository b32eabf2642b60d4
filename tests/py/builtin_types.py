# type, isinstance/issubclass with tuples, callable, repr/str of builtins.
vals = [1, 1.5, "s", b"b", None, True, [1], (1,), {1: 2}, {1}, frozenset(), range(1), len, print, int]
print([type(v).__name__ for v in vals])
print([isinstance(v, (int, str)) for v in vals])
print([callable(v) for v in vals])
print(isinstance(True, (float, (str, int))), issubclass(bool, (str, (int,))), isinstance(5, object), issubclass(type, object))
print(type(int).__name__, type(type).__name__, type(None).__name__, isinstance(int, type), type(5) == int)
print(repr(len), repr(int), repr(str), repr(type), repr(None), repr(Ellipsis), repr(NotImplemented), ...)
print(int, float, list, dict, object, Exception, ValueError)
class A: pass
class B(A): pass
print(issubclass(B, A), issubclass(A, B), issubclass(B, (int, A)), isinstance(B(), A), type(B()) is B, B.__name__)
print(str(type(B())).endswith("B'>"), repr(A).replace("__main__.", ""))
print(type("X", (), {}).__name__, type(3.0)(2), type("q")(5), type([])("ab"))
