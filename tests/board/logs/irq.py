# Inputs, the IRQs they trigger and what the handlers do.
import time
import _board
import pyb
from machine import Pin

led = pyb.LED(1)
button = Pin("Y1", Pin.IN, Pin.PULL_UP)
button.irq(lambda p: led.toggle(), Pin.IRQ_FALLING)
pyb.Switch().callback(lambda: pyb.LED(2).toggle())
for what in ("button", "switch"):
    for level in (1, 0, 1, 0):
        _board.input(what, level)
        time.sleep(0.02)
print(led.intensity(), pyb.LED(2).intensity())
