# Many lines of output: multiplication table and a formatted calendar-like grid.
for i in range(1, 13):
    print(" ".join("%4d" % (i * j) for j in range(1, 13)))
days = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
def month(name, start, ndays):
    print(name.center(20))
    print(" ".join(days))
    cells = ["  "] * start + ["%2d" % d for d in range(1, ndays + 1)]
    for w in range(0, len(cells), 7):
        print(" ".join(cells[w:w + 7]))
month("February", 3, 29)
month("March", 4, 31)
for n in range(300):
    print(n, n * n, n ** 3, hex(n), bin(n)[2:].zfill(9))
