# Lesson 14: killing tasklets to tear down a service.
import stackless


class Service:
    def __init__(self, nworkers, handle, cleanup):
        self.requests = stackless.channel()
        self.running = True
        self.handle = handle
        self.cleanup = cleanup
        for i in range(nworkers):
            stackless.tasklet(self._work)(i)

    def _work(self, i):
        try:
            while self.running:
                self.handle(self.requests.receive())
        finally:
            self.cleanup(i)

    def stop(self):
        self.running = False        # TODO: the workers are blocked: kill them


if __name__ == "__main__":
    svc = Service(3, lambda r: print("handled", r),
                  lambda i: print("worker", i, "cleaned up"))
    for r in range(5):
        svc.requests.send(r)
    svc.stop()
    print("stopped; runnable tasklets:", stackless.getruncount())
