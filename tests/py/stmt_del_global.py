# del statements on names, items, attributes, slices; global declarations.
x = 1
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = list(range(10))
del lst[0], lst[-1]
del lst[2:4]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["a"], d["c"]
print(d)
class O: pass
o = O()
o.attr = 5
del o.attr
print(hasattr(o, "attr"))
a, b = 1, 2
del a, b
print("a" in globals(), "b" in globals())
def setter():
    global created_later, counter
    created_later = "made in function"
    counter = counter + 1 if "counter" in globals() else 1
setter(); setter()
print(created_later, counter)
def deleter():
    global created_later
    del created_later
deleter()
print("created_later" in globals())
def local_del():
    v = 5
    del v
    try:
        return v
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)
print(local_del())
