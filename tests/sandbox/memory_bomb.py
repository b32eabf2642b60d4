# expect reason: memory limit
# expect status: 1
# expect stderr contains: MemoryError
# Grows without bound: the VM's heap limit raises MemoryError (the
# address-space rlimit is the backstop).
hoard = []
while True:
    hoard.append(" " * 1000000)
