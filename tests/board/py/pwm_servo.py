# A servo on a PWM pin follows 50 Hz pulse widths (0.5..2.5 ms); other
# frequencies and duty 0 leave it where it is.
from machine import Pin, PWM
import pyb

servo = pyb.Servo(3)
pwm = PWM(Pin("X3"), freq=50, duty_u16=0)
print(pwm, servo.pulse_width(), servo.angle())
for us in (1000, 1500, 2000, 2400):
    pwm.duty_ns(us * 1000)
    print(us, pwm.duty_u16(), servo.pulse_width(), servo.angle())
pwm.duty_u16(6553)
print(servo.angle())
pwm.freq(1000)                    # not a servo signal: holds
print(pwm.freq(), servo.angle())
pwm.freq(50)
pwm.duty_u16(0)                   # no pulses: holds
print(servo.angle())
pwm.deinit()
led = PWM("Y2", freq=1000, duty_u16=32768)
print(led, led.duty_ns())
try:
    PWM("SW")
except ValueError as e:
    print("ValueError:", e)
