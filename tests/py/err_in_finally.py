# Exception raised in a finally block replaces the pending one.
def f():
    try:
        raise ValueError("original")
    finally:
        print("in finally")
        raise KeyError("from finally")
f()
