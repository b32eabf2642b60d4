# Three chained exceptions mixing cause and context.
def a():
    raise KeyError("first")
def b():
    try:
        a()
    except KeyError as e:
        raise TypeError("second") from e
def c():
    try:
        b()
    except TypeError:
        raise ValueError("third")
c()
