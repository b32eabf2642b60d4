# Unterminated string literal.
print("hello)
