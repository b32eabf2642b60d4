# print(file=sys.stderr) in all the ways it can be called: nothing may
# reach stdout but the lines meant for it.
import functools
import sys
import threading

print("A", file=sys.stderr)
print(*["B", "b"], **{"file": sys.stderr})
functools.partial(print, file=sys.stderr)("C")
p = print
p("D", file=sys.stderr)
print("to stdout")
t = threading.Thread(target=print, args=("E",), kwargs={"file": sys.stderr})
t.start()
t.join()
exec('print("F", file=sys.stderr)')
list(map(lambda v: print(v, file=sys.stderr), ["G"]))
print("H", "h", sep=",", end="!\n", file=sys.stderr, flush=True)
sys.stderr.write("I\n")
print("J", file=None)
print("also stdout", file=sys.stdout)
