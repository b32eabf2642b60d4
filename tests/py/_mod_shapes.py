# An importable module used by import tests (not a test itself).
PI = 3.14159
loaded = []
loaded.append("shapes")
print("loading _mod_shapes, __name__ =", __name__)
class Square:
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side * self.side
def circle_area(r):
    return PI * r * r
def _private():
    return "private"
if __name__ == "__main__":
    print("never printed on import")
