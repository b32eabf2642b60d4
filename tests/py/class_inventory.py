# Inventory management: classes with properties, sorting and reporting.
class Item:
    def __init__(self, sku, name, price, qty):
        self.sku, self.name, self.price, self.qty = sku, name, price, qty
    @property
    def value(self):
        return self.price * self.qty
    def __repr__(self):
        return "Item(%r, %r, %.2f, %d)" % (self.sku, self.name, self.price, self.qty)
class Inventory:
    def __init__(self):
        self._items = {}
    def add(self, item):
        if item.sku in self._items:
            self._items[item.sku].qty += item.qty
        else:
            self._items[item.sku] = item
    def remove(self, sku, qty):
        item = self._items[sku]
        if qty > item.qty:
            raise ValueError("only %d of %s left" % (item.qty, item.name))
        item.qty -= qty
        if item.qty == 0:
            del self._items[sku]
    def __len__(self):
        return len(self._items)
    def __iter__(self):
        return iter(sorted(self._items.values(), key=lambda i: i.sku))
    def __contains__(self, sku):
        return sku in self._items
    def total(self):
        return sum(i.value for i in self._items.values())
inv = Inventory()
for row in [("B2", "bolt", 0.25, 400), ("N1", "nut", 0.1, 1000), ("W7", "washer", 0.05, 250), ("B2", "bolt", 0.25, 100), ("S3", "screw", 0.15, 300)]:
    inv.add(Item(*row))
print(len(inv), list(inv), "%.2f" % inv.total())
inv.remove("W7", 250)
try:
    inv.remove("N1", 5000)
except ValueError as e:
    print("ValueError:", e)
try:
    inv.remove("ZZ", 1)
except KeyError as e:
    print("KeyError:", e)
print("W7" in inv, "N1" in inv, [i.name for i in inv])
for item in sorted(inv, key=lambda i: -i.value):
    print("%-4s %-8s %8.2f %6d %10.2f" % (item.sku, item.name, item.price, item.qty, item.value))
