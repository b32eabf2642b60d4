# A long mixed chain: direct cause then context, raised from nested functions.
def read(name):
    raise FileNotFoundError(2, "No such file", name)
def load(name):
    try:
        return read(name)
    except OSError as e:
        raise LookupError("cannot load " + name) from e
def main():
    try:
        load("data.txt")
    except LookupError as e:
        fallback = {"x": 1}
        return fallback[e.args[0]]
main()
