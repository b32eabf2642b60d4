# Order of except clauses, catching tuples, and exception matching against base classes.
def classify(exc):
    try:
        raise exc
    except (KeyError, IndexError) as e:
        return "lookup-specific " + type(e).__name__
    except LookupError:
        return "lookup-generic"
    except ArithmeticError as e:
        return "arith " + type(e).__name__
    except (TypeError, ValueError):
        return "type/value"
    except Exception:
        return "other"
class MyLookup(LookupError):
    pass
for e in (KeyError(), IndexError(), MyLookup(), ZeroDivisionError(), OverflowError(), TypeError(), ValueError(),
          UnicodeDecodeError("utf-8", b"", 0, 1, "x"), RuntimeError(), RecursionError()):
    print(type(e).__name__, "->", classify(e))
errs = (ValueError, TypeError)
try:
    int("z")
except errs as e:
    print("caught via tuple variable", type(e).__name__)
try:
    try:
        raise ValueError("v")
    except TypeError:
        print("wrong")
except ValueError as e:
    print("outer got", e)
