# pyb.Switch callbacks and micropython.schedule: handlers survive a
# collection, run one at a time, and an exception in one is printed
# without stopping the program.
import gc
import time
import _board
import micropython
import pyb

def settle():
    for _ in range(200):
        pass
    time.sleep(0.02)

sw = pyb.Switch()
presses = []
sw.callback(lambda: presses.append(sw.value()))
gc.collect()
_board.input("switch", 1); settle()
print(sw(), presses)
_board.input("switch", 0); settle()
print(sw(), presses)
sw.callback(None)
_board.input("switch", 1); _board.input("switch", 0); settle()
print(presses)

order = []
for i in range(5):
    micropython.schedule(order.append, i)
settle()
print(order)
# While a callback runs nobody else does, so its own schedules pile up.
def flood(_):
    try:
        for i in range(100):
            micropython.schedule(order.append, i)
    except RuntimeError as e:
        order.append("RuntimeError: %s after %d" % (e, i))
order.clear()
micropython.schedule(flood, None)
settle()
print(order[0], order[1:] == list(range(16)))
print(micropython.const(7))
try:
    sw.callback(42)
except TypeError as e:
    print("TypeError:", e)
