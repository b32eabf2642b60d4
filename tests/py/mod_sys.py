# sys module basics.
import sys
print(sys.argv, len(sys.argv), sys.argv[0].endswith(".py"))
print(sys.getrecursionlimit(), sys.version_info[0], sys.version_info.major, sys.version_info >= (3, 0))
print(type(sys.maxsize).__name__, sys.maxsize >= 2 ** 31 - 1, sys.byteorder in ("little", "big"))
print("sys" in sys.modules, type(sys.path).__name__, sys.stdout is not None, sys.stderr is not None)
old = sys.getrecursionlimit()
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
sys.setrecursionlimit(old)
def deep(n):
    return n if n == 0 else deep(n - 1)
print(deep(950))
print(__name__)
sys.stderr.write("to stderr\n")
print(isinstance(sys.exc_info(), tuple), sys.exc_info()[0])
try:
    raise KeyError("x")
except KeyError:
    print(sys.exc_info()[0].__name__, repr(sys.exc_info()[1]))
