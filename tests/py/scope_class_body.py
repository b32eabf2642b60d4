# Class body scopes, class attribute lookup, nested classes.
x = "global x"
class A:
    x = "class x"
    y = x + " (copied)"
    def method(self):
        return x
    def method2(self):
        return self.x
    class Inner:
        z = "inner z"
        def get(self):
            return A.x
print(A.y, A().method(), A().method2(), A.Inner.z, A.Inner().get(), A.Inner.__qualname__)
def make_class(tag):
    class Local:
        label = tag
        def show(self):
            return "Local(%s)" % tag
    return Local
L1, L2 = make_class("one"), make_class("two")
print(L1.label, L2().show(), L1 is L2, L1.__qualname__)
class Counter:
    total = 0
    def add(self):
        Counter.total += 1
        self.mine = getattr(self, "mine", 0) + 1
c1, c2 = Counter(), Counter()
c1.add(); c1.add(); c2.add()
print(Counter.total, c1.mine, c2.mine)
class B:
    items = []
b1, b2 = B(), B()
b1.items.append("shared")
print(b2.items, B.items)
