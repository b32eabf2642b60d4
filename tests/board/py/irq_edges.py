# IRQ edge detection: a handler runs once per matching edge, at a
# safepoint, with the pin as argument; same-level inputs are no edge.
import time
import _board
from machine import Pin

def settle():
    for _ in range(200):          # backward jumps are safepoints
        pass
    time.sleep(0.02)

events = []
button = Pin("Y1", Pin.IN)
print(button, button.value())
button.irq(lambda p: events.append(("fall", p.value())), Pin.IRQ_FALLING)
_board.input("button", 1); settle()
_board.input("button", 1); settle()          # still pressed: no edge
_board.input("button", 0); settle()          # rising: not asked for
print(events)
events.clear()
button.irq(lambda p: events.append(p.value()), Pin.IRQ_RISING | Pin.IRQ_FALLING)
for level in (1, 0, 1, 0):
    _board.input("button", level); settle()
print(events)
button.irq(None)
_board.input("button", 1); _board.input("button", 0); settle()
print(events)

# Output pins fire on the levels they drive.
led = Pin("Y2", Pin.OUT, value=0)
hits = []
led.irq(handler=hits.append, trigger=Pin.IRQ_RISING)
led.on(); led.off(); led.toggle(); settle()
print(len(hits), hits[0] is led, led.value())

# A free pin follows its pull; the potentiometer reads high past half-way.
free = Pin("X5", Pin.IN, Pin.PULL_UP)
print(free, free.value())
free.init(pull=Pin.PULL_DOWN)
print(free.value())
pot = Pin("X19", Pin.IN)
_board.input("pot", 65535); print(pot.value())
_board.input("pot", 100); print(pot.value())
for bad in ("Z9", 99):
    try:
        Pin(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    Pin("SW", Pin.OUT)
except ValueError as e:
    print("ValueError:", e)
