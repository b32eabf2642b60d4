# Uncaught AssertionError with a message.
def check(items):
    assert len(items) < 3, "too many items: %d" % len(items)
    return items
print(check([1, 2]))
check([1, 2, 3])
