# for/while with else, break, continue, nested loops.
for n in range(2, 30):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime", end="; ")
print()
i = 0
while i < 5:
    i += 1
    if i == 3:
        continue
    print("while", i)
else:
    print("while else ran")
while True:
    break
else:
    print("never")
for x in []:
    print("no")
else:
    print("empty for else")
found = None
for row in range(5):
    for col in range(5):
        if row * col == 6:
            found = (row, col)
            break
    else:
        continue
    break
print("found", found)
count = 0
for a in range(10):
    for b in range(10):
        if (a + b) % 3:
            continue
        count += 1
print(count)
for i, ch in enumerate("abc", start=1):
    print(i, ch, end=" ")
print()
for k in range(3):
    pass
print(k)
n = 10
while n:
    n -= 3
    if n < 0:
        print("negative", n)
        break
else:
    print("zero reached")
