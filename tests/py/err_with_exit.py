# Exception escaping a with block whose __exit__ does not suppress it.
class Guard:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, *exc):
        print("exit sees", exc[0].__name__)
        return False
with Guard():
    print("inside")
    raise OSError("disk on fire")
