# Recursion benchmark: naive Fibonacci (function-call overhead).
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
total = 0
for n in range(25, 33):
    total += fib(n)
print("fib checksum", total)
