# return/break/continue inside try/finally.
def f1():
    try:
        return "try"
    finally:
        print("f1 finally")
def f2():
    try:
        return "try"
    finally:
        return "finally wins"
def f3():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("cleanup", i)
    return i
def f4():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed by return"
def f5():
    x = []
    while True:
        try:
            x.append(len(x))
            if len(x) > 3:
                break
        finally:
            x.append("f")
    return x
def f6():
    try:
        try:
            return 1
        finally:
            print("inner")
    finally:
        print("outer")
def f7():
    for i in range(3):
        try:
            try:
                raise KeyError(i)
            except KeyError:
                if i == 1:
                    continue
                print("handled", i)
        finally:
            print("fin", i)
print(f1(), f2(), f3(), f4(), f5(), f6())
f7()
def gen_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
g = gen_cleanup()
for v in g:
    print("got", v)
    break
print("before close")
g.close()
print("done")
