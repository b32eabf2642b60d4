# Lesson 8: events, barriers and rendezvous.
import threading
import time


def run_in_phases(nthreads, phases, step):
    """step(tid, phase) for each phase in each of nthreads threads; phase
    p + 1 starts only once every thread has finished phase p."""
    barrier = threading.Barrier(nthreads)

    def worker(tid):
        for phase in range(phases):
            step(tid, phase)
            barrier.wait()      # everybody finishes phase before anyone goes on

    threads = [threading.Thread(target=worker, args=(tid,))
               for tid in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    def step(tid, phase):
        time.sleep(0.01 * (tid + 1))    # thread 0 is fast, thread 2 slow
        print("thread", tid, "finished phase", phase)
    run_in_phases(3, 3, step)
