# `in` falls back to __iter__ and then __getitem__; __contains__ result coerced to bool.
class ByIter:
    def __iter__(self):
        print("iterating")
        return iter([1, 2, 3])
class ByGetitem:
    def __getitem__(self, i):
        if i > 4:
            raise IndexError
        return i * 2
class Truthy:
    def __contains__(self, x):
        return x
print(2 in ByIter(), 9 in ByIter())
print(4 in ByGetitem(), 5 in ByGetitem(), 8 in ByGetitem())
print(0 in Truthy(), "text" in Truthy(), [] in Truthy(), 3 not in Truthy())
try:
    1 in 5
except TypeError as e:
    print("TypeError:", e)
