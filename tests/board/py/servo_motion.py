# Servo motion over time: a glide is linear from where the servo is to the
# target, angle() reads the position now, a new command starts from there.
import time
import pyb

s = pyb.Servo(1)
print(s.angle(), s.pulse_width(), s.speed())
t0 = time.monotonic()
s.angle(90, 400)
mid = []
while time.monotonic() - t0 < 0.5:
    t = time.monotonic() - t0
    a = s.angle()
    if t < 0.38:
        # expected 90 * t / 0.4, within the time it took to read it
        mid.append(abs(a - 90 * t / 0.4) <= 90 * 0.02 / 0.4 + 1)
    time.sleep(0.01)
print("linear", all(mid), len(mid) > 10)
print(s.angle(), s.pulse_width())
s.angle(-90, 200)
time.sleep(0.1)
a = s.angle()
print("half way", -20 <= a <= 20)
s.angle(30)                      # time_ms=0: jumps
print(s.angle(), s.pulse_width())
s.angle(500)                     # clamped to the -90..90 travel
print(s.angle())
s.pulse_width(1000)
print(s.pulse_width(), s.angle())
s.speed(50)
print(s.speed(), s.pulse_width())
s.calibration(700, 2300, 1500, 2100, 1900)
print(s.calibration())
s.angle(90)
print(s.pulse_width(), s.angle())
print(pyb.Servo(4))
try:
    pyb.Servo(5)
except ValueError as e:
    print("ValueError:", e)
