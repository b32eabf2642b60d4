# Uncaught exception whose __str__ is overridden, and one with no args.
class Oops(Exception):
    def __str__(self):
        return "oops happened"
try:
    raise Oops()
except Oops as e:
    print("caught", e)
class Silent(Exception):
    pass
def f():
    raise Silent
f()
