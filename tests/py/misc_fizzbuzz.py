# FizzBuzz variants and a tally with dict/Counter.
from collections import Counter
out = []
for i in range(1, 101):
    s = ("Fizz" if i % 3 == 0 else "") + ("Buzz" if i % 5 == 0 else "")
    out.append(s or str(i))
print(" ".join(out))
print(Counter(x for x in out if not x.isdigit()).most_common())
print(["FizzBuzz"[i * i % 3 * 4:8 - -i % 5 * 4] or str(i) for i in range(1, 16)])
