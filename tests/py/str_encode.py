# encode / decode.
s = "héllo €"
b = s.encode("utf-8")
print(b, len(b), b.decode("utf-8"), b.decode() == s)
print(s.encode("latin-1", "replace"), s.encode("ascii", "ignore"), s.encode("ascii", "replace"))
print("abc".encode("ascii"), "é".encode("latin-1"), b"\xe9".decode("latin-1"))
try:
    s.encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
try:
    b"\xff\xfe".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
print(b"\xff".decode("utf-8", "replace"), b"a\xffb".decode("utf-8", "ignore"))
print(list("ü€".encode()), bytes("x", "utf-8"), str(b"abc", "ascii"))
