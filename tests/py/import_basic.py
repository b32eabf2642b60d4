# Importing modules from the script's directory.
import _mod_shapes
import _mod_shapes as shapes2
from _mod_shapes import Square, circle_area as ca
import _mod_counter
print(_mod_shapes.PI, shapes2 is _mod_shapes, Square(3).area(), ca(2), _mod_shapes.loaded, _mod_shapes.__name__)
print(_mod_counter.bump(), _mod_counter.bump(), _mod_counter.count, _mod_counter.shapes_pi())
from _mod_counter import count
print(count, _mod_counter.count)
import sys
print("_mod_shapes" in sys.modules, sys.modules["_mod_counter"] is _mod_counter)
print(sorted(n for n in dir(_mod_shapes) if not n.startswith("__")))
try:
    import _mod_does_not_exist
except ImportError as e:
    print(type(e).__name__, e)
try:
    from _mod_shapes import nothing_here
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
import math, json
print(math.sqrt(16), json.dumps([1]))
