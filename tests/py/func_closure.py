# Closures, nonlocal and global.
def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
c1, c2 = counter(), counter()
print(c1(), c1(), c1(10), c2(), c1())
def make_adders():
    return [lambda x, i=i: x + i for i in range(4)], [lambda x: x + i for i in range(4)]
early, late = make_adders()
print([f(10) for f in early], [f(10) for f in late])
total = 0
def add_global(v):
    global total
    total += v
add_global(5); add_global(7)
print(total)
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner
    x = "changed"
    return middle()()
print(outer())
def shadow():
    x = 1
    def inner():
        x = 2
        return x
    return inner(), x
print(shadow())
def unbound():
    try:
        print(y)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    y = 1
unbound()
try:
    print(undefined_name)
except NameError as e:
    print("NameError:", e)
def cellvar_loop():
    fs = []
    for i in range(3):
        def f(j=i):
            return j * 10
        fs.append(f)
    return [f() for f in fs]
print(cellvar_loop())
def acc():
    items = []
    def add(x):
        items.append(x)
        return len(items)
    def get():
        return list(items)
    return add, get
add, get = acc()
add(1); add("b")
print(get(), add.__closure__ is not None)
