# Exception names in reports: builtin exception types have __module__
# 'builtins' (no prefix), others are module-qualified; __main__ is not.
import json
import queue
import traceback


class Local(Exception):
    pass


g = {}
exec("class E(Exception): pass", g)      # no __name__ in globals: builtins
excs = [MemoryError(), MemoryError("big"), ValueError("v"), KeyError("k"),
        queue.Empty(), json.JSONDecodeError("m", "doc", 1), g["E"]("in exec"),
        Local("main")]
for e in excs:
    print(type(e).__module__, traceback.format_exception_only(type(e), e))
try:
    prnt
except NameError as e:                   # 3.11's traceback module gives no hint
    print(traceback.format_exception_only(e))
    traceback.print_exc()
try:
    compile("x = (", "f.py", "exec")
except SyntaxError as e:
    print(traceback.format_exception_only(type(e), e))
print(MemoryError.__module__, OSError.__module__, StopIteration.__module__)
raise queue.Empty
