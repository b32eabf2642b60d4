# Requests far beyond the heap (default size) raise MemoryError, which can be
# caught; the program then carries on.  CPython may really allocate 10 GB
# here, hence the .exp file.
for make in (lambda: [0] * (10 ** 10), lambda: "a" * (10 ** 10),
             lambda: b"ab" * (10 ** 10), lambda: [None] * (2 ** 40),
             lambda: (1, 2) * (10 ** 10), lambda: bytearray(10 ** 10)):
    try:
        x = make()
        print("allocated?", len(x))
    except MemoryError as e:
        print("MemoryError", repr(e.args))
x = "a" * 1000
print(len(x * 1000), len([0] * 10 ** 6))
try:
    x = "a" * (10 ** 10)
except MemoryError:
    print("caught again")
    x = None
print(x)
# A repeat whose size overflows the address space is a MemoryError too,
# and an in-place repeat leaves the list as it was.
lst = [1, 2]
for make in (lambda: [0, 0] * (2 ** 62), lambda: [None] * (2 ** 61)):
    try:
        make()
        print("allocated?")
    except MemoryError:
        print("MemoryError for an impossible list")
try:
    lst *= 2 ** 62
except MemoryError:
    print("in-place:", lst)
