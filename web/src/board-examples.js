// board-examples.js -- Examples-menu programs for the simulated board (the
// panel above the console, board.js).  They use pyb and machine, so unlike
// the other examples they need threadlab; examples.js appends them.
export const boardExamples = [
  {
    id: 'board-servos',
    title: 'Board: two servos, two threads',
    code: `# "I want to use 2 servos independently, as threads."  Each thread sweeps
# its own servo at its own pace; watch the horns on the board panel.
# Press USR on the panel to stop them.
import threading
import pyb

stop = threading.Event()
pyb.Switch().callback(stop.set)          # runs at the next safe point

def sweep(servo, low, high, period):
    glide = int(period * 700)                # ms: glide, then rest at the end
    while not stop.is_set():
        servo.angle(high, glide)
        if stop.wait(period):
            break
        servo.angle(low, glide)
        stop.wait(period)

threads = [
    threading.Thread(target=sweep, args=(pyb.Servo(1), -60, 60, 0.6)),
    threading.Thread(target=sweep, args=(pyb.Servo(2), -90, 90, 1.5)),
]
for t in threads:
    t.start()
print("sweeping; press USR to stop (or wait 10 s)", flush=True)
stop.wait(10)
stop.set()
for t in threads:
    t.join()
print("servo angles:", pyb.Servo(1).angle(), pyb.Servo(2).angle())
`,
  },
  {
    id: 'board-blink',
    title: 'Board: four LEDs, four threads',
    code: `# Four threads blink the four LEDs, each at its own rate.  No thread
# knows about the others: the timing of each loop stays simple.
import threading
import time
import pyb

def blink(n, period, times):
    led = pyb.LED(n)
    for _ in range(times):
        led.toggle()
        time.sleep(period / 2)
    led.off()

rates = {1: 0.25, 2: 0.4, 3: 0.7, 4: 1.1}
threads = [threading.Thread(target=blink, args=(n, p, int(8 / p))) for n, p in rates.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done blinking")
`,
  },
  {
    id: 'board-irq',
    title: 'Board: a button IRQ toggles an LED',
    code: `# The button on Y1 pulls the pin low when pressed.  The IRQ handler runs
# at the next safe point between bytecodes -- keep it tiny.
import time
from machine import Pin

led = Pin("Y2", Pin.OUT, value=0)
button = Pin("Y1", Pin.IN, Pin.PULL_UP)
presses = 0

def pressed(pin):
    global presses
    presses += 1
    led.toggle()

button.irq(pressed, Pin.IRQ_FALLING)
print("press the Y1 button on the panel (20 s)", flush=True)
for _ in range(200):
    time.sleep_ms(100)      # the main loop can do anything meanwhile
print("presses:", presses)
`,
  },
  {
    id: 'board-pot',
    title: 'Board: the potentiometer steers a servo',
    code: `# Read the potentiometer on X19 and drive servo 1 with 50 Hz PWM pulses
# of 1 to 2 ms on X1 -- what a real hobby servo expects.  Drag the slider.
import time
from machine import ADC, PWM, Pin

pot = ADC(Pin("X19"))
servo = PWM(Pin("X1"), freq=50, duty_u16=4915)    # 1.5 ms: centre

for _ in range(400):                  # 20 s
    value = pot.read_u16()            # 0 .. 65535
    pulse_us = 1000 + value * 1000 // 65535
    servo.duty_ns(pulse_us * 1000)
    time.sleep_ms(50)
print("last pulse:", pulse_us, "us")
`,
  },
  {
    id: 'board-tasklets',
    title: 'Board: tasklets sweep servos together',
    code: `# Tasklets share one thread and take turns: each moves its servo one
# step and then schedules the next.  No locks, no races -- and no
# parallelism either.
import time
import stackless
import pyb

def sweep(n, step):
    servo = pyb.Servo(n)
    angle = -90
    for _ in range(3 * 180 // abs(step)):
        angle += step
        if not -90 <= angle <= 90:
            step = -step
            angle += 2 * step
        servo.angle(angle, 20)
        time.sleep(0.005)
        stackless.schedule()

for n, step in ((1, 5), (2, 10), (3, 15), (4, 30)):
    stackless.tasklet(sweep)(n, step)
stackless.run()
print("all tasklets done")
`,
  },
];
