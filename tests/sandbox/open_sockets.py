# expect reason: exited
# expect status: 0
# expect stdout contains: blocked 2
# Network access: no socket module, and no network in the run's namespace.
blocked = 0
for name in ("socket", "_socket"):
    try:
        s = __import__(name).socket()
        s.connect(("127.0.0.1", 80))
        print("connected!")
    except Exception:
        blocked += 1
print("blocked", blocked)
