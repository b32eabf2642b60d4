from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

stackless = need_module("stackless")
ChannelLock = need(load(), "ChannelLock")


def waiters_block():
    """Holder yields inside the lock; the others must be blocked, not
    runnable."""
    lock = ChannelLock()
    seen = {}

    def holder():
        lock.acquire()
        stackless.schedule()            # let the waiters try
        stackless.schedule()
        seen["blocked"] = [t.blocked for t in waiters]
        lock.release()

    def waiter():
        lock.acquire()
        lock.release()

    stackless.tasklet(holder)()
    waiters = [stackless.tasklet(waiter)() for _ in range(3)]
    stackless.run()
    return seen.get("blocked"), [t.alive for t in waiters]


def counted(slice_):
    """5 tasklets x 40 increments through the lock, preempted every
    slice_ instructions when slice_ is not None."""
    lock = ChannelLock()
    counter = [0]

    def worker():
        for _ in range(40):
            lock.acquire()
            v = counter[0]
            if v % 3 == 0:
                stackless.schedule()    # yield while holding the lock
            counter[0] = v + 1
            lock.release()

    for _ in range(5):
        stackless.tasklet(worker)()
    if slice_ is None:
        stackless.run()
    else:
        while True:
            busy = stackless.run(slice_)
            if busy is None:
                break
            busy.insert()
    return counter[0]


blocked, alive = within(3, "the lock never let the waiters in",
                        waiters_block)
if blocked != [True, True, True]:
    fail("while the lock was held, the waiting tasklets were %s blocked: "
         "acquire() must wait in channel.receive(), not spin with schedule()"
         % ("not" if not blocked or not any(blocked) else "not all"))
if any(alive):
    fail("waiters never got the lock after release(): send to a waiting "
         "tasklet in release()")
for slice_ in [None] + list(range(5, 60, 3)):
    got = within(3, "tasklets got stuck in the lock (time slice %s)" % slice_,
                 counted, slice_)
    if got != 200:
        fail("5 tasklets x 40 increments under the lock gave %d, not 200%s: "
             "do the check and the update in acquire() and release() inside "
             "`with stackless.atomic():`" % (got, "" if slice_ is None else
                                            " with the watchdog preempting "
                                            "every %d instructions" % slice_))
ok()
