# The if __name__ == "__main__" idiom with a main function returning an exit code.
import sys
def triple(x):
    return x * 3
def main(argv):
    print("main running with", len(argv), "args")
    print(triple(14), __name__, __name__ == "__main__")
    return 0
if __name__ == "__main__":
    code = main(sys.argv)
    print("exit code", code)
    sys.exit(code)
