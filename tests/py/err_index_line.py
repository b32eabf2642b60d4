# Uncaught IndexError in a multi-line expression.
data = [1, 2, 3]
result = (data[0] +
          data[1] +
          data[5])
print(result)
