# Lesson 17: flaky tests -- a race that shows once in N runs.
import threading
import time


class Service:
    def __init__(self, setup):
        self.setup = setup          # loading config, opening sockets...
        self.running = False
        self.started = threading.Event()
        self.stopping = threading.Event()
        self.thread = None

    def _serve(self):
        self.setup()
        self.running = True
        self.started.set()          # happens-before: start() may return now
        while not self.stopping.wait(0.001):
            pass                    # serve requests
        self.running = False

    def start(self):
        self.started.clear()
        self.stopping.clear()
        self.thread = threading.Thread(target=self._serve)
        self.thread.start()
        self.started.wait()

    def stop(self):
        self.stopping.set()
        self.thread.join()


def test_service(setup):
    service = Service(setup)
    service.start()
    assert service.running, "not running after start()"
    service.stop()
    assert not service.running, "still running after stop()"


if __name__ == "__main__":
    failures = 0
    for _ in range(100):
        try:
            test_service(lambda: None)
        except AssertionError:
            failures += 1
    print("failed", failures, "of 100 runs")
