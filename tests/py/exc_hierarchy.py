# Built-in exception hierarchy as seen through __mro__.
names = [ZeroDivisionError, OverflowError, KeyError, IndexError, ValueError, UnicodeDecodeError, TypeError,
         AttributeError, NameError, UnboundLocalError, RecursionError, NotImplementedError, StopIteration,
         GeneratorExit, KeyboardInterrupt, SystemExit, AssertionError, ImportError, ModuleNotFoundError,
         OSError, FileNotFoundError, RuntimeError, LookupError, ArithmeticError, MemoryError, EOFError]
for n in names:
    print(n.__name__, [k.__name__ for k in n.__mro__])
caught = []
for exc in names:
    try:
        if exc is UnicodeDecodeError:
            b"\xff".decode("utf-8")
        else:
            raise exc
    except Exception as e:
        caught.append(type(e).__name__)
    except BaseException as e:
        caught.append("base:" + type(e).__name__)
print(caught)
