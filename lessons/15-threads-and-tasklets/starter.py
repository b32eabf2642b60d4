# Lesson 15: threads and tasklets together.
import queue
import threading
import time

import stackless


class Pool:
    def __init__(self, nthreads):
        self.jobs = queue.Queue()
        self.threads = [threading.Thread(target=self._work)
                        for _ in range(nthreads)]
        for t in self.threads:
            t.start()

    def _work(self):
        while True:
            job = self.jobs.get()
            if job is None:
                return
            # TODO: run the job and send its result (or exception) back

    def call(self, fn, *args):
        """fn(*args), run in a worker thread; blocks only this tasklet."""
        return fn(*args)            # TODO: blocks every tasklet on this thread

    def close(self):
        for _ in self.threads:
            self.jobs.put(None)
        for t in self.threads:
            t.join()


if __name__ == "__main__":
    pool = Pool(4)
    answers = stackless.channel()

    def download(n):
        time.sleep(0.1)
        return "page %d" % n

    for n in range(8):
        stackless.tasklet(lambda n: answers.send(pool.call(download, n)))(n)
    start = time.perf_counter()
    print(sorted(answers.receive() for _ in range(8)))
    print("%.2f s" % (time.perf_counter() - start))
    pool.close()
