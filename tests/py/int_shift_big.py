# Shifts and masks across the 64-bit boundary and with big negative numbers.
for k in (0, 1, 31, 32, 62, 63, 64, 65, 127, 128, 200):
    v = 1 << k
    print(k, v, v - 1, -v, v >> 1, (-v) >> 1, (v - 1) >> 3, (v | 5) & ~1, (-v) & 0xFFFF, (v * 3) ^ v)
x = 0x0123456789ABCDEF0123456789ABCDEF
print(hex(x >> 60), hex(x & ((1 << 64) - 1)), hex(x ^ (x >> 1)), bin(x).count("1"), x.bit_length())
print(-x >> 64, -x << 3, ~x, ~-x, -(-x), (-x) % (1 << 64), (-x) // (1 << 64))
print(2 ** 63 - 1 + 1, -2 ** 63 - 1, (2 ** 63 - 1) * 2, (2 ** 62) * 4, -(2 ** 63) // -1, (2 ** 64) % (2 ** 63 + 1))
mask = (1 << 32) - 1
h = 2166136261
for ch in "fnv hash of this text":
    h = ((h ^ ord(ch)) * 16777619) & mask
print(h, hex(h))
