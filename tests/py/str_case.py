# Case methods (ASCII and Latin-1).
words = ["hello", "HELLO", "Hello World", "hELLO wORLD", "123abc", "a1b2 c3", "they're bill's", "", "ÀéÎõÜ", "héllo wörld"]
for w in words:
    print(repr(w), w.upper(), w.lower(), w.title(), w.capitalize(), w.swapcase(), w.casefold())
    print("  ", w.isupper(), w.islower(), w.istitle(), w.isalpha(), w.isalnum(), w.isdigit())
print("ß".lower(), "ä".upper(), "Ö".lower(), "é" < "f", "Z" < "a")
