# A module with state, imported from several tests.
import _mod_shapes
count = 0
def bump():
    global count
    count += 1
    return count
def shapes_pi():
    return _mod_shapes.PI
