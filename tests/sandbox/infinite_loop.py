# expect reason: cpu limit
# A busy loop: stopped by the CPU-time rlimit.
n = 0
while True:
    n += 1
