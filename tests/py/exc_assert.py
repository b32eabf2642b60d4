# assert statements.
def check(x):
    assert x > 0, "x must be positive, got %d" % x
    return x
print(check(5))
for v in (0, -3):
    try:
        check(v)
    except AssertionError as e:
        print("AssertionError:", e, e.args)
try:
    assert False
except AssertionError as e:
    print("bare", repr(e), e.args)
try:
    assert [], ["list", "msg"]
except AssertionError as e:
    print(e.args)
assert True, "never"
assert 1 == 1
print("ok")
