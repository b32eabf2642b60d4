# try/except/else/finally and exception objects.
def attempt(x):
    try:
        r = 10 / x
    except ZeroDivisionError as e:
        print("except", type(e).__name__, e)
        return "zero"
    else:
        print("else", r)
        return "ok"
    finally:
        print("finally", x)
print(attempt(2), attempt(0))
for exc in (ValueError("v"), TypeError("t"), KeyError("k"), IndexError("i"), Exception()):
    try:
        raise exc
    except (ValueError, TypeError) as e:
        print("group1", repr(e))
    except LookupError as e:
        print("lookup", repr(e), str(e))
    except Exception as e:
        print("other", repr(e), str(e) == "")
e = ValueError("a", 2, None)
print(e.args, str(e), repr(e), repr(ValueError()), str(ValueError("x")), repr(KeyError("key")), str(KeyError("key")))
print(str(KeyError()), repr(Exception("q", "r")), str(Exception("q", "r")), repr(StopIteration(5)), StopIteration(5).value)
try:
    try:
        raise ValueError("inner")
    finally:
        print("inner finally")
except ValueError as e:
    print("outer caught", e)
try:
    raise ValueError
except ValueError as e:
    print("class raised", repr(e))
def name_cleared():
    try:
        raise KeyError
    except KeyError as err:
        pass
    try:
        err
    except NameError:
        print("err deleted after except")
name_cleared()
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(Exception, BaseException))
print(issubclass(KeyboardInterrupt, Exception), issubclass(StopIteration, Exception), issubclass(RecursionError, RuntimeError))
