# Lesson 17: flaky tests -- a race that shows once in N runs.
import threading
import time


class Service:
    def __init__(self, setup):
        self.setup = setup          # loading config, opening sockets...
        self.running = False
        self.stopping = threading.Event()
        self.thread = None

    def _serve(self):
        self.setup()
        self.running = True
        while not self.stopping.wait(0.001):
            pass                    # serve requests
        self.running = False

    def start(self):
        self.stopping.clear()
        self.thread = threading.Thread(target=self._serve)
        self.thread.start()
        # TODO: return only once _serve has set self.running

    def stop(self):
        self.stopping.set()
        # TODO: return only once the thread has finished


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
