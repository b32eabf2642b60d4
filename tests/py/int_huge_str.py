# str() of huge ints (below the 4300-digit limit) and back.
x = 7 ** 5000
s = str(x)
print(len(s), s[:50], s[-50:])
print(int(s) == x)
y = -(13 ** 3000)
t = str(y)
print(len(t), t[:40], t[-40:])
print(int(t) == y)
z = 10 ** 4000 - 1
print(len(str(z)), str(z).count("9"))
print(sum(int(c) for c in str(2 ** 10000)))
print(str(2 ** 10000 // 3 ** 3000)[:60])
