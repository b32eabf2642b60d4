from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

stackless = need_module("stackless")
real_channel, real_tasklet = stackless.channel, stackless.tasklet
made = {"channels": 0, "tasklets": 0}


def counted_channel(*args):
    made["channels"] += 1
    return real_channel(*args)


def counted_tasklet(*args):
    made["tasklets"] += 1
    return real_tasklet(*args)


stackless.channel, stackless.tasklet = counted_channel, counted_tasklet
pipeline = need(load(), "pipeline")

for count in (6, 1, 0):
    log = []
    on_main = []

    def numbers():
        for n in range(1, count + 1):
            log.append("gen %d" % n)
            yield n

    def f(n):
        log.append("f %d" % n)
        on_main.append(stackless.getcurrent().is_main)
        return n * n

    made["channels"] = made["tasklets"] = 0
    got = within(3, "pipeline() did not return within 3 s: does every stage "
                 "pass the end-of-stream sentinel on?", pipeline, numbers(), f)
    want = sum(n * n for n in range(1, count + 1))
    if got != want:
        fail("pipeline(1..%d, square) returned %r, not %r" % (count, got, want))
    if made["tasklets"] < 3 or made["channels"] < 2:
        fail("pipeline() made %d tasklets and %d channels: use a tasklet per "
             "stage and channels between them" % (made["tasklets"],
                                                 made["channels"]))
    if any(on_main):
        fail("f ran in the main tasklet; run it in the middle stage's tasklet")
    if count > 1 and log.index("f 1") > log.index("gen %d" % count):
        fail("the stages did not run in step: all numbers were produced "
             "before f saw the first (%s). Send each number as it is made"
             % ", ".join(log[:4]))
ok()
