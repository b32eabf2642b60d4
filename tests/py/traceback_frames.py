# Frames reached from tracebacks: f_code, f_lineno, f_globals, f_locals, f_back.
# (Only what a snapshot can know: inner frames have finished; the outermost
# entry's f_back and live frames' f_lineno are not compared.)
try:
    exec("def f():\n return x\nf()", {})
except NameError as e:
    print(e.__traceback__.tb_next.tb_frame.f_code.co_name)
    tb = e.__traceback__.tb_next.tb_next
    fr = tb.tb_frame
    print(fr.f_code.co_name, fr.f_lineno, tb.tb_lineno, fr.f_code.co_filename)
    print(type(fr.f_globals).__name__, sorted(fr.f_globals), type(fr.f_locals).__name__)
    print(fr.f_back.f_code.co_name, fr.f_back.f_lineno, fr.f_back.f_globals is fr.f_globals)


def inner(n):
    return 10 // n


def outer():
    return inner(0)


def main():
    try:
        outer()
    except ZeroDivisionError as e:
        tb = e.__traceback__
        frames = []
        while tb:
            frames.append(tb.tb_frame)
            tb = tb.tb_next
        print([f.f_code.co_name for f in frames], [f.f_lineno for f in frames[1:]])
        print([f.f_back.f_code.co_name for f in frames[1:]])
        print(frames[2].f_back is frames[1], frames[1].f_back is frames[0])
        print(e.__traceback__.tb_frame is e.__traceback__.tb_frame)
        print(frames[0].f_globals is globals(), isinstance(frames[2].f_locals, dict))
        print(repr(frames[2]).startswith("<frame at "), "code inner>" in repr(frames[2]))


main()
try:
    exec("y = 1\nz = 1 / 0", g := {})
except ZeroDivisionError as e:
    fr = e.__traceback__.tb_next.tb_frame
    print(fr.f_locals is g, fr.f_locals["y"], fr.f_lineno)


def gen():
    yield 1
    yield 2


g = gen()
next(g)
print(g.gi_frame.f_code.co_name, g.gi_frame.f_lineno, g.gi_frame.f_back)
