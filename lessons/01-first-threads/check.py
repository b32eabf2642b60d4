from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("_thread")
started = count_thread_starts()
squares = need(load(), "squares")
stress()
for run in range(6):
    numbers = list(range(run, run + 10))
    before = started["n"]
    got = within(3, "squares() did not return within 3 s -- does every "
                 "thread release its lock?", squares, numbers)
    if got != [n * n for n in numbers]:
        fail("squares(%r) returned %r: it returned before the threads "
             "finished. Give each thread a lock to release when done and "
             "acquire them all before returning" % (numbers, got))
    if started["n"] - before < len(numbers):
        fail("squares() should start one thread per number with "
             "_thread.start_new_thread")
ok()
