# Exceptions in threads never kill the program; threading.excepthook gets
# them (a custom hook here: CPython's default lists its own frames).
import sys
import threading

caught = []


def hook(args):
    caught.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))


threading.excepthook = hook


def bad(k):
    if k % 2:
        raise ValueError("odd %d" % k)
    return 1 / 0


ts = [threading.Thread(target=bad, args=(k,), name="t%d" % k) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(caught))
caught.clear()
t = threading.Thread(target=sys.exit, args=(3,))
t.start()
t.join()
print("SystemExit reaches the hook:", caught)
threading.excepthook = threading.__excepthook__
print("main still running")
