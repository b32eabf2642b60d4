# Loop benchmark: nested while/for loops with small-int arithmetic.
def work(n):
    acc = 0
    i = 0
    while i < n:
        j = 0
        while j < 100:
            acc = (acc + i * j ^ (i + j)) % 1000003
            j += 1
        i += 1
    return acc
def sieve_count(limit):
    flags = [True] * limit
    count = 0
    for i in range(2, limit):
        if flags[i]:
            count += 1
            for k in range(i * i, limit, i):
                flags[k] = False
    return count
print("loops checksum", work(40000), sieve_count(2500000))
