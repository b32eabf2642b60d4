# Exceptions raised in except and finally clauses, and their contexts.
def f():
    try:
        raise ValueError("one")
    except ValueError:
        try:
            raise TypeError("two")
        except TypeError as inner:
            return repr(inner.__context__)
print(f())
def g():
    try:
        try:
            raise KeyError("k")
        finally:
            raise IndexError("from finally")
    except IndexError as e:
        return repr(e), repr(e.__context__)
print(g())
def h():
    try:
        raise ValueError("a")
    except ValueError as e:
        saved = e
    return saved, saved.__traceback__ is not None
e, has_tb = h()
print(repr(e), has_tb)
def k():
    try:
        return "try"
    finally:
        try:
            raise RuntimeError("in finally")
        except RuntimeError as e:
            print("handled inside finally:", e)
print(k())
