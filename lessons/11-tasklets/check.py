from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

stackless = need_module("stackless")
interleave = need(load(), "interleave")

for names, steps in ((["a", "b", "c"], 3), (["x", "y"], 4), (["solo"], 2)):
    want = [(n, i) for i in range(steps) for n in names]
    got, left = within(3, "interleave() did not return within 3 s",
                       lambda: (interleave(names, steps),
                                stackless.getruncount()))
    if got != want:
        fail("interleave(%r, %d) logged %r; expected turns %r. Call "
             "stackless.schedule() after each step" % (names, steps, got,
                                                      want))
    if left != 1:
        fail("tasklets were still runnable after interleave() returned: "
             "call stackless.run()")
ok()
