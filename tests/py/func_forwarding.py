# Forwarding *args/**kwargs through wrappers, keyword-argument order, and defaults overriding.
def target(a, b=2, *rest, c=3, **kw):
    return "a=%r b=%r rest=%r c=%r kw=%r" % (a, b, rest, c, kw)
def forward(*args, **kwargs):
    return target(*args, **kwargs)
def forward_extra(*args, **kwargs):
    kwargs.setdefault("c", "default-c")
    return target(*args, extra=True, **kwargs)
print(forward(1))
print(forward(1, 5, 6, 7, c=8, z=9, y=10))
print(forward_extra(0))
print(forward_extra(0, c="given"))
try:
    forward_extra(0, extra=1)
except TypeError as e:
    print("TypeError:", e)
def kw_order(**kw):
    return list(kw)
print(kw_order(z=1, a=2, m=3), kw_order(**{"b": 1, "a": 2}, c=3))
def mutate_kwargs(**kw):
    kw["new"] = 1
    return kw
orig = {"x": 1}
print(mutate_kwargs(**orig), orig)
args = [1, 2]
def mutate_args(*a):
    return type(a).__name__, a
print(mutate_args(*args), args)
