# raise from, __context__, __cause__, __suppress_context__, bare raise.
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("converted") from e
except ValueError as e:
    print(repr(e), repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
try:
    try:
        {}["k"]
    except KeyError:
        raise TypeError("implicit")
except TypeError as e:
    print(repr(e), e.__cause__, repr(e.__context__), e.__suppress_context__)
try:
    try:
        raise IndexError("i")
    except IndexError:
        raise RuntimeError("no context") from None
except RuntimeError as e:
    print(repr(e), e.__cause__, repr(e.__context__), e.__suppress_context__)
def reraise():
    try:
        raise KeyError("orig")
    except KeyError:
        print("logging and re-raising")
        raise
try:
    reraise()
except KeyError as e:
    print("reraised", repr(e))
try:
    raise ValueError("x") from KeyError("y")
except ValueError as e:
    print(repr(e.__cause__), e.__context__)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
err = None
try:
    try:
        raise ValueError(1)
    except ValueError as first:
        try:
            raise TypeError(2)
        except TypeError as second:
            err = second
            raise
except TypeError as e:
    print(e is err, repr(e.__context__))
e = Exception("with tb")
print(e.__traceback__, e.__cause__, e.__context__)
e2 = e.with_traceback(None)
print(e2 is e)
try:
    raise ValueError("bad") from 5
except TypeError as e:
    print("TypeError:", e)
