# A hexdump of bytes, formatting with % and str methods.
data = bytes(range(0, 256, 3)) + "héllo wörld €".encode() + b"\x00\xff"
def hexdump(b, width=16):
    for off in range(0, len(b), width):
        chunk = b[off:off + width]
        hexpart = " ".join("%02x" % c for c in chunk)
        text = "".join(chr(c) if 32 <= c < 127 else "." for c in chunk)
        print("%08x  %-*s  |%s|" % (off, width * 3 - 1, hexpart, text))
hexdump(data)
print(data.hex()[:40], len(data), data[-5:], bytes.fromhex(data.hex()) == data)
print(" ".join(format(c, "08b") for c in b"AZ"), int.from_bytes(b"\x12\x34\x56", "big"), hex(int.from_bytes(b"\x12\x34", "little")))
