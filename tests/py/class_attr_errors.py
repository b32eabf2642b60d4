# AttributeError messages for instances, classes and modules; attribute lookup order.
class A:
    cls_val = "class"
    def __init__(self):
        self.inst_val = "instance"
a = A()
for name in ("inst_val", "cls_val", "missing"):
    try:
        print(name, getattr(a, name))
    except AttributeError as e:
        print("AttributeError:", e)
try:
    A.missing
except AttributeError as e:
    print("AttributeError:", e)
import math
try:
    math.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    (1).real = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s".upper = None
except AttributeError as e:
    print("AttributeError:", e)
try:
    del a.nothing
except AttributeError as e:
    print("AttributeError:", e)
a.cls_val = "shadowed"
print(a.cls_val, A.cls_val)
del a.cls_val
print(a.cls_val)
try:
    object().x = 1
except AttributeError as e:
    print("AttributeError:", e)
