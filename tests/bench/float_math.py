# Float benchmark: Mandelbrot set and spectral norm.
def mandel(w, h, iters):
    total = 0
    for py in range(h):
        ci = py * 2.0 / h - 1.0
        for px in range(w):
            cr = px * 3.0 / w - 2.0
            zr = zi = 0.0
            n = 0
            while n < iters and zr * zr + zi * zi < 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                n += 1
            total += n
    return total
def spectral(n):
    def a(i, j):
        return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
    def av(u):
        return [sum(a(i, j) * u[j] for j in range(n)) for i in range(n)]
    def atv(u):
        return [sum(a(j, i) * u[j] for j in range(n)) for i in range(n)]
    u = [1.0] * n
    for _ in range(5):
        v = atv(av(u))
        u = atv(av(v))
    vbv = sum(x * y for x, y in zip(u, v))
    vv = sum(x * x for x in v)
    return (vbv / vv) ** 0.5
print("float_math checksum", mandel(400, 280, 120), "%.9f" % spectral(180))
