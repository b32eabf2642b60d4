# bytes and bytearray basics.
b = b"hello world"
print(b, len(b), b[0], b[-1], b[1:4], b[::-1], b.upper(), b.split(), b.replace(b"o", b"0"))
print(b.find(b"o"), b.count(b"o"), b.startswith(b"he"), b"o" in b, 111 in b, b + b"!", b * 2)
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), list(b"abc"), b"a" < b"b", b"abc" == b"abc")
print(b"\x00\xff\n\t'", repr(b'"'), b"x".hex(), bytes.fromhex("41 42 ff"), b"abc".decode())
print(b"-".join([b"a", b"b"]), b"  x ".strip(), b"a,b".split(b","), b"abc".index(b"c"), b"AbC".lower())
ba = bytearray(b"abc")
ba.append(100)
ba.extend(b"ef")
ba[0] = 65
print(ba, len(ba), ba[1], bytes(ba), ba.pop(), ba)
del ba[0]
ba += b"zz"
print(ba, ba.decode(), bytearray(3), bytearray([1, 2]), ba[1:3])
ba[1:3] = b"XYZ"
print(ba, ba.find(b"Z"), ba.reverse(), ba)
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
print([x for x in b"hi"], sorted(b"cab"), b"%d-%s" % (5, b"x"), hash(b"ab") == hash(b"ab"))
