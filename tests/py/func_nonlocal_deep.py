# nonlocal across several nesting levels and shared cells.
def outer():
    x = 0
    log = []
    def middle():
        def inner():
            nonlocal x
            x += 1
            log.append(x)
            return x
        def reset():
            nonlocal x
            x = 100
        return inner, reset
    inc, reset = middle()
    inc(); inc()
    reset()
    inc()
    return x, log
print(outer())
def make_bank():
    balance = 0
    def deposit(n):
        nonlocal balance
        balance += n
        return balance
    def withdraw(n):
        nonlocal balance
        if n > balance:
            return "denied"
        balance -= n
        return balance
    def peek():
        return balance
    return deposit, withdraw, peek
dep, wd, peek = make_bank()
print(dep(50), wd(20), wd(100), dep(5), peek())
def loop_cells():
    fns = []
    for i in range(3):
        def make(i=i):
            total = i
            def add(n):
                nonlocal total
                total += n
                return total
            return add
        fns.append(make())
    return [f(10) for f in fns] + [f(1) for f in fns]
print(loop_cells())
