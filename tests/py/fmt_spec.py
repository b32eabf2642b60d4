# The format-spec mini-language via format() and str.format.
specs_int = ["", "d", "5d", "<5d", ">5d", "^5d", "*^7d", "=+7d", "+d", " d", "-d", "05d", ",d", "_d", "b", "#b",
             "o", "#o", "x", "#x", "X", "#X", "08b", "#010x", "_b", "_x", "c", "n", ",", "e", ".2f", "%", "g", "015,d"]
for v in (0, 7, -7, 255, 1234567, -1234567):
    print(v, [format(v, s) for s in specs_int if not (s == "c" and (v < 0 or v > 1114111))])
specs_f = ["", "f", ".0f", ".1f", ".3f", "10.2f", "<10.2f", "^10.2f", "010.2f", "+.2f", " .2f", ",.2f", "_.3f",
           "e", ".2e", "E", "g", ".3g", "G", ".10g", "%", ".1%", "10.3%", "F", "n", ".2", "#.0f", "#g", "=+12.3f", "x<12g"]
for v in (0.0, -0.0, 1.5, -2.25, 1234567.891, 1e-7, 1e16, 123.456e100, float("inf"), float("-inf"), float("nan")):
    print(v, [format(v, s) for s in specs_f])
specs_s = ["", "s", "5", "<5", ">5", "^5", "*^6", ".2", "6.3", "-<4"]
for v in ("", "ab", "abcdefg", "héllo"):
    print(repr(v), [format(v, s) for s in specs_s])
print(format(True, ""), format(True, "d"), format(False, ">5"), format(None, ""), format([1], ""), format((1, 2), ">8"))
for v, s in ((1.5, "d"), ("x", "d"), (1, "s"), (5, ".2s"), ("x", "+"), (1, ",_d")):
    try:
        print(format(v, s))
    except ValueError as e:
        print("ValueError:", e)
