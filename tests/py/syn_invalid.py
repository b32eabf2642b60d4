# Invalid syntax in an expression.
x = 1 +* 2
print(x)
