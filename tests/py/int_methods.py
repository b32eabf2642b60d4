# int methods and attributes.
for n in (0, 1, 5, 255, 256, -1, -255, 2 ** 100, -(2 ** 100)):
    print(n, n.bit_length(), abs(n), n.real, n.imag, n.numerator, n.denominator)
print((255).to_bytes(2, "big"), (255).to_bytes(2, "little"), int.from_bytes(b"\x01\x00", "big"))
print(int.from_bytes(b"\x01\x00", "little"), (1024).to_bytes(4, "big"))
print((-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xfe", "big", signed=True))
print((10).bit_count(), (255).bit_count(), (-7).bit_count())
print((7).conjugate(), int.__name__, type(5).__name__, type(2 ** 100).__name__)
print(isinstance(2 ** 100, int), isinstance(True, int), (5).__index__())
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(7, 0))
