# Every kind of board event, in program order.
import time
import _board
import pyb
from machine import ADC, PWM, Pin

led = pyb.LED(4)
led.on()
led.on()                          # no change, no event
led.intensity(64)
led.off()
s = pyb.Servo(2)
s.angle(45, 250)
time.sleep(0.3)
s.angle(-45)
s.pulse_width(2000)
out = Pin("Y2", Pin.OUT, value=1)
out.off()
out.toggle()
PWM(Pin("X1"), freq=50, duty_u16=4915)
PWM("Y2", freq=500, duty_u16=16384).deinit()
_board.input("pot", 12345)
print(ADC("X19").read_u16())
