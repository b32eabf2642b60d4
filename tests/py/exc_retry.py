# Retry loops, exceptions in loops, and exception objects kept after the handler.
attempts = 0
def flaky():
    global attempts
    attempts += 1
    if attempts < 4:
        raise ConnectionError("attempt %d failed" % attempts)
    return "success after %d" % attempts
errors = []
for _ in range(10):
    try:
        result = flaky()
    except ConnectionError as e:
        errors.append(e)
        continue
    else:
        print(result)
        break
print([str(e) for e in errors], [type(e).__name__ for e in errors], isinstance(errors[0], OSError))
def parse_all(items):
    ok, bad = [], []
    for item in items:
        try:
            ok.append(int(item))
        except ValueError as e:
            bad.append((item, str(e)))
        except TypeError as e:
            bad.append((repr(item), type(e).__name__))
    return ok, bad
print(parse_all(["1", "x", None, "42", "3.5", [1]]))
def nested():
    try:
        try:
            raise KeyError("a")
        except KeyError:
            raise IndexError("b")
        finally:
            print("inner finally")
    except IndexError as e:
        print("outer caught", repr(e), repr(e.__context__))
        return "returned"
    finally:
        print("outer finally")
print(nested())
