# repr and ascii of strings with quotes, escapes, unicode.
vals = ["plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "nl\n", "back\\slash", "\x00\x07\x1f\x7f",
        "héllo", "€uro", "\r", "", "'", '"', "\x80\xff"]
for v in vals:
    print(repr(v), ascii(v), len(v))
print(repr(["a", "b'c"]), repr(("x",)), repr({"k": "v"}))
print(str("x"), "%r" % "q", "\N{LATIN SMALL LETTER E WITH ACUTE}", "\u00e9" == "é", "\x41\102\u0043")
print(r"raw\n", b"bytes", "a" "b" "c", """triple
quoted""", '''single
triple''')
