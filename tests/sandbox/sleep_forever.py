# expect reason: timeout
# Never ends and uses no CPU: the wall-clock limit stops it.
import time
time.sleep(1000000)
