# str.split / rsplit with and without sep and maxsplit.
s = "  the quick  brown\tfox\njumps  "
print(s.split())
print(s.split(" "))
print(s.split(None, 2), s.rsplit(None, 2))
print("a,b,,c,".split(","), "a,b,,c,".split(",", 1), "a,b,,c,".rsplit(",", 1), "a,b,,c,".rsplit(",", 2))
print("".split(), "".split(","), "   ".split(), "abc".split("abc"), "aaa".split("a"))
print("a::b::c".split("::"), "a::b::c".rsplit("::", 1), "x".split("x", 0), "a b c".split(maxsplit=1))
print("a b c".rsplit(maxsplit=1), "1<>2<>3".split(sep="<>"), "one two".split(" ", -1))
try:
    "abc".split("")
except ValueError as e:
    print("ValueError:", e)
print("line1\nline2\r\nline3\rline4".splitlines(), "a\n\nb\n".splitlines(), "a\nb\n".splitlines(True))
print("".splitlines(), "\n".splitlines(), "x\x0by\x0cz".splitlines())
