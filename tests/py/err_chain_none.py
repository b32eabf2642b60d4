# raise ... from None hides the context in the traceback.
def f():
    try:
        [].pop()
    except IndexError:
        raise ValueError("empty") from None
f()
