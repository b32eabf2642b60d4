# Lesson 13: atomic, and a lock built from a channel.
import stackless


class ChannelLock:
    def __init__(self):
        self.locked = False

    def acquire(self):
        while self.locked:          # spins: every waiter keeps running
            stackless.schedule()
        self.locked = True          # the watchdog may have switched just before

    def release(self):
        self.locked = False

    def __enter__(self):
        self.acquire()

    def __exit__(self, *exc):
        self.release()


if __name__ == "__main__":
    lock = ChannelLock()
    counter = [0]

    def worker():
        for _ in range(100):
            with lock:
                v = counter[0]
                stackless.schedule()    # yield while holding the lock
                counter[0] = v + 1

    for _ in range(5):
        stackless.tasklet(worker)()
    stackless.run()
    print(counter[0], "(expected 500)")
