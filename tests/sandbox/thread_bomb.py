# expect reason: exited|cpu limit|timeout
# Starts threads until something refuses: the VM's thread cap (RuntimeError)
# or, without a threading module, ImportError.  Either way the run ends.
import threading
import time

def park():
    time.sleep(1000)

started = 0
try:
    while True:
        threading.Thread(target=park, daemon=True).start()
        started += 1
except RuntimeError as e:
    print("refused after", started, "threads:", e)
