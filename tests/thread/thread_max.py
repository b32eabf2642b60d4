# More threads than --max-threads (default 256, the main thread included):
# RuntimeError "can't start new thread", and the program carries on.
import threading

gate = threading.Event()
started = []
try:
    for i in range(300):
        t = threading.Thread(target=gate.wait)
        t.start()
        started.append(t)
except RuntimeError as e:
    print("RuntimeError:", e, len(started))
gate.set()
for t in started:
    t.join()
t = threading.Thread(target=print, args=("room again",))
t.start()
t.join()
