# from module import * skips underscore names; __name__ checks.
from _mod_shapes import *
print(PI, Square(2).area(), circle_area(1))
try:
    _private()
except NameError as e:
    print("NameError:", e)
def main():
    print("main called, __name__ =", __name__)
if __name__ == "__main__":
    main()
