# str/repr/format of floats across magnitudes.
vals = [0.0, 1.0, 0.5, 123.456, 1e-4, 1e-5, 1.5e-5, 123456789.0, 1234567890123456.0, 1e16, 12345678901234567.0,
        0.1 + 0.2, 2.0 ** 60, 2.0 ** -20, 1 / 3, 100.0 / 7, 6.02214076e23, 1.602176634e-19, -273.15]
for v in vals:
    print(repr(v), "%g" % v, "%.3g" % v, "%.10g" % v, "%e" % v, "%.1f" % v, "{:g}".format(v), "{:.4}".format(v), "{:n}".format(v), format(v, ".12"))
