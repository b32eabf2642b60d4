# str() and repr() of exception instances with various args.
excs = [Exception(), Exception("msg"), Exception("a", 1), Exception(None), Exception(""), ValueError(42),
        KeyError("key"), KeyError(1, 2), KeyError(), IndexError("list index out of range"), OSError(2, "No such file"),
        StopIteration(), StopIteration(1, 2), SystemExit(3), AttributeError("attr"), TypeError(["list arg"]),
        UnicodeError("u"), ZeroDivisionError("division by zero"), AssertionError(), NotImplementedError("todo")]
for e in excs:
    print(type(e).__name__, "|", str(e), "|", repr(e), "|", e.args)
print(OSError(2, "No such file").errno, OSError(2, "No such file").strerror)
e = ValueError("x")
e.args = ("changed",)
print(e, repr(e))
e.extra = 5
print(e.extra)
