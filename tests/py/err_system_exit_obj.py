# sys.exit with a non-int, non-None object prints it and exits 1.
import sys
print("exiting with list")
sys.exit([1, 2])
