# Lesson 13: atomic, and a lock built from a channel.
import stackless


class ChannelLock:
    def __init__(self):
        self.locked = False
        self.waiters = stackless.channel()

    def acquire(self):
        with stackless.atomic():        # no involuntary switch in here
            if not self.locked:
                self.locked = True
                return
            self.waiters.receive()      # block; release() hands us the lock

    def release(self):
        with stackless.atomic():
            if self.waiters.balance < 0:
                self.waiters.send(None)     # pass the lock on, still locked
            else:
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
