# sys.exit with an int code.
import sys
print("before exit")
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code, repr(e))
sys.stdout.flush()
sys.exit(3)
print("never")
