# Code compiled from a string ("<string>" of exec/eval/compile) has no source
# lines in tracebacks, as CPython's linecache has none for "<...>" names.
import traceback


def run(src):
    try:
        exec(src, {})
    except Exception:
        text = traceback.format_exc()
        print(text.replace(__file__, "FILE"), end="")


run("1/0")
run("def f(x):\n    return x[3]\n\nf([])")
try:
    eval(compile("{}['k']", "<expr>", "eval"))
except KeyError:
    print(traceback.format_exc().replace(__file__, "FILE"), end="")
exec("def g():\n    raise ValueError('uncaught')\n")
g()
