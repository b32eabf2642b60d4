# f-strings: conversions, nested specs, '=' debugging, expressions.
x, w, p = 3.14159, 10, 3
name = "héllo"
print(f"{x}", f"{x:.2f}", f"{x:{w}.{p}f}|", f"{x:<{w}}|", f"{name!r}", f"{name!s}", f"{name!a}")
print(f"{x=}", f"{name = }", f"{1 + 2=}", f"{x=:.1f}", f"{name=!s}")
print(f"{{}}", f"{'nested'}", f"{[1, 2][1]}", f"{ {'k': 5}['k'] }", f"{3 if x > 3 else 0}")
items = [("apple", 1.5, 3), ("kiwi", 0.25, 12), ("watermelon", 7.0, 1)]
for n, price, qty in items:
    print(f"{n:<12}|{price:>8.2f}|{qty:^5d}|{price * qty:08.3f}")
print(f"{42:b} {42:o} {42:x} {42:X} {42:#x} {42:#o} {42:#b} {-42:x} {255:08b}")
print(f"{1234567:,} {1234567:_} {1234567.891:,.2f} {0.25:%} {0.256:.1%} {1e6:e} {12345.678:g}")
val = 7
print(f"value: {val!r:>5}", f"{'left':*<8}", f"{'right':*>8}", f"{'mid':*^9}", f"{-5:+d} {5:+d} {5: d}")
print(f"""multi
{val}line""", f'{"quote"}', f"{val:{'>'}{5}}", f"{'a' 'b'}")
print(f"{None}", f"{True}", f"{[1, 'x']}", f"{(1,)}", f"{ {1: 2} }", f"{3.0}", f"{1e20}")
