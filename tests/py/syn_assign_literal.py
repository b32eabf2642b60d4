# Assignment to a literal.
5 = x
