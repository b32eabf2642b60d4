# sys.exit(True) exits with status 1; output before exit is flushed.
import sys
for i in range(3):
    print("line", i)
sys.exit(True)
