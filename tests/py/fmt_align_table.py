# A formatted report table using alignment and grouping.
rows = [("Widget", 1234, 2.5), ("Gadget", 56, 1299.99), ("Thingamajig", 7890123, 0.0625), ("X", 0, -12.0)]
header = "{:<12} {:>10} {:>12} {:>14}".format("name", "qty", "price", "total")
print(header)
print("-" * len(header))
grand = 0.0
for name, qty, price in rows:
    total = qty * price
    grand += total
    print("{:<12.12} {:>10,} {:>12.3f} {:>14,.2f}".format(name, qty, price, total))
print("{:=^50}".format(" total "))
print("{:>50,.4f}".format(grand))
print("{0:>{1}}".format("|", 20), "{:e}".format(grand), "{:.6g}".format(grand), "{:_.1f}".format(grand))
