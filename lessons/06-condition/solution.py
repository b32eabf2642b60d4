# Lesson 6: condition variables -- producer and consumer.
import threading


class Mailbox:
    """One slot: put() waits while it is full, get() while it is empty."""

    def __init__(self):
        self.item = None
        self.full = False
        self.changed = threading.Condition()

    def put(self, item):
        with self.changed:
            while self.full:
                self.changed.wait()
            self.item = item
            self.full = True
            self.changed.notify_all()

    def get(self):
        with self.changed:
            while not self.full:
                self.changed.wait()
            item, self.item = self.item, None
            self.full = False
            self.changed.notify_all()
            return item


if __name__ == "__main__":
    box = Mailbox()
    got = []
    consumer = threading.Thread(target=lambda: [got.append(box.get()) for _ in range(5)])
    consumer.start()
    for i in range(5):
        box.put(i)
    consumer.join()
    print(got)
