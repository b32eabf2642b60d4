# Lesson 16: two servos in two threads, and a button interrupt.
import threading
import time

import pyb


def sweep(servo, low, high, period, stop):
    while not stop.is_set():
        servo.angle(high, int(period * 1000))   # glide there in period s
        if stop.wait(period):                   # a sleep that wakes on stop
            break
        servo.angle(low, int(period * 1000))
        stop.wait(period)


def start(servo1, servo2, stop):
    """Sweep both servos at once until stop is set; return the threads."""
    threads = [
        threading.Thread(target=sweep, args=(servo1, -45, 45, 0.1, stop)),
        threading.Thread(target=sweep, args=(servo2, -90, 90, 0.15, stop)),
    ]
    for t in threads:
        t.start()
    pyb.Switch().callback(stop.set)         # the handler only sets a flag
    return threads


if __name__ == "__main__":
    stop = threading.Event()
    threads = start(pyb.Servo(1), pyb.Servo(2), stop)
    print("press USR to stop")
    for t in threads:
        t.join()
    print("stopped")
