# Latin-1 text processing: case mapping, sorting by code point, lengths and encodings.
text = "Ça va? Élodie et Zoë mangent des crêpes à Zürich; Ångström, señor, naïve, façade, Øresund."
print(text.upper())
print(text.lower())
print(text.swapcase())
print(text.title())
words = text.replace(",", "").replace(";", "").replace(".", "").replace("?", "").split()
print(sorted(words))
print(sorted(words, key=str.lower))
print([len(w) for w in words], len(text), len(text.encode("utf-8")), len(text.encode("latin-1")))
print([w for w in words if not w.isascii()], [c for c in text if ord(c) > 127])
print(text.find("Zürich"), text.count("é"), text.index("ñ"), "ÉLODIE".lower() in text.lower())
print(repr("ç\xe7\u00e7"), ascii(text[:12]), "%5s|%-5s|" % ("ü", "ö"), "{:*^9}".format("ñ"))
print("é".encode(), "é".encode("latin-1"), b"\xc3\xa9".decode(), bytes([233]).decode("latin-1"))
