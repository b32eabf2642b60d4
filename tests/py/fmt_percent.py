# printf-style % formatting.
print("%d %i %s %r %x %X %o %e %E %f %F %g %G %c %c %%" % (42, -7, "s", "r", 255, 255, 8, 12345.678, 0.000123, 3.14159, 2.5, 1e-7, 1e20, 65, "z"))
print("%5d|%-5d|%05d|%+d|% d|%+05d" % (42, 42, 42, 42, 42, -42))
print("%.2f|%8.3f|%-8.1f|%08.2f|%+.0f|%.0f|%.0f" % (3.14159, 2.71828, 1.5, -3.14159, 2.5, 0.5, 1.5))
print("%10s|%-10s|%.2s|%5.1s|" % ("right", "left", "trunc", "xyz"))
print("%x %#x %#X %#o %o %x" % (3054, 3054, 3054, 8, -8, -255))
print("%e %.2e %10.3E %g %g %g %g %.3g %#g" % (0.0, 123456.0, -0.00012345, 100000, 1000000, 0.0001, 0.00001, 3.14159, 1.0))
print("%(name)s is %(age)d years, %(name)r" % {"name": "Ann", "age": 30})
print("%s" % [1, 2], "%s" % ((1, 2),), "%s and %s" % (1, 2), "%r" % (None,), "%s" % None, "%d" % True, "%.3s" % 12345)
print("%*d|%-*d|%.*f" % (6, 1, 4, 2, 2, 3.14159))
print("%d" % 2 ** 80, "%x" % 2 ** 70, "%s" % 2 ** 70, "%d" % 3.99, "%i" % -3.99, "%c" % 233)
for bad, args in (("%d", "x"), ("%s %s", (1,)), ("%s", (1, 2)), ("%z", 1), ("%(k)s", {"q": 1})):
    try:
        print(bad % args)
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__, e)
print("100%% sure" % (), "%s%%" % 5, "%-6s|%6.2f%%" % ("rate", 12.345))
