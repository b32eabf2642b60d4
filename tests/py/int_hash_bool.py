# bool is an int subclass; hashes of small ints.
print(True + True, True * 10, False - 1, True / 2, True // 1, -True, ~True)
print(type(True + 1).__name__, type(True & False).__name__, True & False, True | False, True ^ True)
print(int(True), str(True), repr(False), bool(0), bool(1), bool(-1), bool(2 ** 70))
print(bool(""), bool("a"), bool([]), bool([0]), bool(None), bool(0.0), bool(-0.0), bool({}))
print(hash(0), hash(1), hash(-1), hash(-2), hash(12345), hash(True), hash(False))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)), hash(2 ** 100))
print(isinstance(True, bool), isinstance(1, bool), issubclass(bool, int))
print(not 0, not 1, not None, 1 and 2, 0 and 2, 1 or 2, 0 or 2, None or 0, [] or "x")
d = {1: "int", True: "bool", 1.0: "float"}
print(d)
