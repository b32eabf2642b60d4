# is* predicates.
tests = ["", "abc", "ABC", "Abc", "123", "12.3", "abc123", " ", " \t\n", "a b", "_x", "x_1", "1x",
         "class", "Hello World", "HELLO WORLD", "é", "²", "ab!", "\x0b", "ÀB"]
for t in tests:
    print(repr(t), t.isdigit(), t.isdecimal(), t.isnumeric(), t.isalpha(), t.isalnum(), t.isspace(),
          t.isupper(), t.islower(), t.istitle(), t.isidentifier(), t.isprintable(), t.isascii())
