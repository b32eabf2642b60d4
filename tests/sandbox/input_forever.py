# expect reason: timeout
# Waits for input that never comes: the wall-clock limit stops it.
print(input("name? "))
