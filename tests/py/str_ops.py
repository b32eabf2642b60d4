# Concatenation, repetition, comparison, membership, iteration, ord/chr.
a = "foo"
b = "bar"
print(a + b, a * 3, 3 * b, a * 0, a * -1, "" * 5, a < b, a > b, a == "foo", a != b, "abc" < "abd", "ab" < "abc")
print("o" in a, "oo" in a, "x" not in a, "" in a, list(a), tuple(b), [c for c in "hey"])
print(ord("a"), ord("A"), ord("é"), ord("€"), ord("\n"), chr(97), chr(233), chr(8364), chr(0x1F600) == "\U0001F600")
print(len(""), len("abc"), len("héllo"), str(), str(123), str(None), str([1, "a"]), str((1,)))
print(max("hello"), min("hello"), sorted("banana"), "".join(reversed("stressed")))
s = ""
for i in range(10):
    s += str(i)
print(s, s.isdigit(), int(s))
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    chr(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("ab")
except TypeError as e:
    print("TypeError:", e)
