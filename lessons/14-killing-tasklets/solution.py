# Lesson 14: killing tasklets to tear down a service.
import stackless


class Service:
    def __init__(self, nworkers, handle, cleanup):
        self.requests = stackless.channel()
        self.handle = handle
        self.cleanup = cleanup
        self.workers = [stackless.tasklet(self._work)(i)
                        for i in range(nworkers)]

    def _work(self, i):
        try:
            while True:
                self.handle(self.requests.receive())
        finally:
            self.cleanup(i)         # runs when kill() raises TaskletExit

    def stop(self):
        for worker in self.workers:
            if worker.alive:
                worker.kill()       # returns after the worker's finally ran


if __name__ == "__main__":
    svc = Service(3, lambda r: print("handled", r),
                  lambda i: print("worker", i, "cleaned up"))
    for r in range(5):
        svc.requests.send(r)
    svc.stop()
    print("stopped; runnable tasklets:", stackless.getruncount())
