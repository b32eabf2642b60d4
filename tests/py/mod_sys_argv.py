# Command-line arguments given by the .args side file.
import sys
print(sys.argv[1:], len(sys.argv))
for a in sys.argv[1:]:
    print(repr(a), a.isdigit())
print(sum(int(a) for a in sys.argv[1:] if a.isdigit()))
