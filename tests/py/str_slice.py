# Indexing and slicing with steps and negative indices.
s = "abcdefghij"
print(s[0], s[-1], s[3], s[-3], s[2:5], s[:3], s[7:], s[-3:], s[:-3], s[:], s[::2], s[1::2], s[::-1])
print(s[8:2:-1], s[8:2:-2], s[-1:-5:-1], s[100:], s[-100:3], s[3:1], s[::3], s[::-3], s[5:-5], s[2:100:4])
for start in (None, -12, -3, 0, 4, 12):
    for stop in (None, -12, -2, 0, 6, 12):
        for step in (None, 1, 2, -1, -3):
            print(s[start:stop:step], end="|")
    print()
try:
    s[10]
except IndexError as e:
    print("IndexError:", e)
try:
    s[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    s[0] = "x"
except TypeError as e:
    print("TypeError:", e)
u = "héllo wörld"
print(len(u), u[1], u[-4], u[::-1], u.upper(), u.find("ö"), u.encode("utf-8"), len(u.encode()))
