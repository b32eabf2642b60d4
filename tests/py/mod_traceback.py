# traceback.format_exc and print_exc.
import traceback
import sys
def failing(n):
    return {"a": 1}[n]
def caller():
    return failing("zz")
try:
    caller()
except KeyError:
    text = traceback.format_exc()
    print(text)
    print(text.splitlines()[0], text.splitlines()[-1], len(text.splitlines()))
try:
    int("nope")
except ValueError:
    traceback.print_exc(file=sys.stdout)
print("format_exc outside handler:", repr(traceback.format_exc()))
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError:
    print(traceback.format_exc())
