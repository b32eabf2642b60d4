from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

stackless = need_module("stackless")
need_module("queue")
Pool = need(load(), "Pool")


def scenario():
    pool = Pool(4)
    answers = stackless.channel()
    caller = threading.get_ident()
    ran_on = []

    def download(n):
        ran_on.append(threading.get_ident())
        time.sleep(0.1)
        return "page %d" % n

    def bad():
        raise ValueError("no such page")

    def client(n):
        answers.send((n, pool.call(download, n)))

    def failing_client():
        try:
            pool.call(bad)
            answers.send(("bad", "no exception"))
        except ValueError as e:
            answers.send(("bad", "ValueError: %s" % e))

    start = time.monotonic()
    for n in range(8):
        stackless.tasklet(client)(n)
    stackless.tasklet(failing_client)()
    got = dict(answers.receive() for _ in range(9))
    took = time.monotonic() - start
    pool.close()
    return got, took, caller in ran_on


got, took, on_caller = within(4, "the tasklets never got their answers: "
                              "does the worker send the result on the job's "
                              "channel?", scenario)
for n in range(8):
    if got.get(n) != "page %d" % n:
        fail("tasklet %d received %r instead of 'page %d'" % (n, got.get(n), n))
if got.get("bad") != "ValueError: no such page":
    fail("a call whose function raised ValueError gave %r in the calling "
         "tasklet: send the exception back with channel.send_exception"
         % got.get("bad"))
if on_caller or took > 0.6:
    fail("8 calls of 0.1 s with 4 workers took %.2f s%s: put the job on the "
         "queue and receive the answer on a channel" %
         (took, " and ran on the calling thread" if on_caller else ""))
ok()
