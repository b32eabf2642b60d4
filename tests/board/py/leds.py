# LEDs: on/off/toggle and intensity 0..255.
import pyb

leds = [pyb.LED(i) for i in range(1, 5)]
print(leds)
leds[0].on(); leds[1].toggle(); leds[2].intensity(300); leds[3].intensity(-5)
print([l.intensity() for l in leds])
leds[1].toggle(); leds[0].off()
print([l.intensity() for l in leds])
try:
    pyb.LED(0)
except ValueError as e:
    print("ValueError:", e)
print(pyb.millis() >= 0, pyb.elapsed_millis(pyb.millis()) >= 0)
pyb.delay(1)
