# Shifts and bitwise operators on small and negative ints.
for a in (0, 1, 5, 255, -1, -6, 12345, -12345):
    for b in (0, 1, 3, 7, 255, -1, -8):
        print(a, b, a & b, a | b, a ^ b)
for a in (1, 5, -5, 255, -256, 12345):
    print(a, [a << k for k in range(0, 70, 7)], [a >> k for k in range(0, 20, 3)])
print(1 << 100, -1 << 100, (1 << 100) >> 99, -1 >> 1000, 1 >> 1000)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    1 >> -1
except ValueError as e:
    print("ValueError:", e)
print(~(1 << 70), (1 << 70) & -(1 << 70), (1 << 70) | 1, (1 << 70) ^ ((1 << 70) - 1))
print(-(1 << 65) & 0xFFFF, -(1 << 65) | 0xF0, -(1 << 65) ^ -1)
print((0x123456789ABCDEF0123 & -0x10000000000), (-0x123456789ABCDEF0123 >> 13))
