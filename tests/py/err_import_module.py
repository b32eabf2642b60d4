# Uncaught exception raised inside an imported module's function.
import _mod_failing
print("imported")
_mod_failing.explode(3)
