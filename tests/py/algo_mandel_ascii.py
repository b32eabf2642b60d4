# ASCII Mandelbrot set using float arithmetic.
chars = " .:-=+*#%@"
rows = []
for y in range(-12, 13):
    line = ""
    for x in range(-39, 20):
        cr, ci = x / 20.0, y / 10.0
        zr = zi = 0.0
        n = 0
        while n < 50 and zr * zr + zi * zi <= 4.0:
            zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
            n += 1
        line += chars[n * (len(chars) - 1) // 50]
    rows.append(line)
print("\n".join(rows))
print(sum(r.count("@") for r in rows))
