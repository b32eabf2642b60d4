# Lesson 16: two servos in two threads, and a button interrupt.
import threading
import time

import pyb


def sweep(servo, low, high, period, stop):
    for _ in range(3):
        servo.angle(high, int(period * 1000))
        time.sleep(period)
        servo.angle(low, int(period * 1000))
        time.sleep(period)


def start(servo1, servo2, stop):
    """Sweep both servos at once until stop is set; return the threads."""
    sweep(servo1, -45, 45, 0.1, stop)       # TODO: a thread per servo
    sweep(servo2, -90, 90, 0.15, stop)
    # TODO: pressing the USR switch must set stop
    return []


if __name__ == "__main__":
    stop = threading.Event()
    threads = start(pyb.Servo(1), pyb.Servo(2), stop)
    print("press USR to stop")
    for t in threads:
        t.join()
    print("stopped")
