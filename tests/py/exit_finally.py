# SystemExit runs finally blocks; sys.exit(0) and None are success.
import sys
def main():
    try:
        print("working")
        sys.exit(None)
    finally:
        print("cleanup runs")
try:
    main()
except SystemExit as e:
    print("code", e.code)
try:
    sys.exit(0)
except SystemExit as e:
    print("code", e.code)
try:
    raise SystemExit(7)
except BaseException as e:
    print(type(e).__name__, e.code, isinstance(e, Exception))
try:
    exit(2)
except SystemExit as e:
    print("builtin exit", e.code)
raise SystemExit(4)
