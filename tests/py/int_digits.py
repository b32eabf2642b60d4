# Digit manipulation: sums, reversals, palindromes, Armstrong numbers, Luhn.
def digits(n):
    return [int(c) for c in str(abs(n))]
print(digits(9075), sum(digits(2 ** 100)), int(str(123456789)[::-1]))
print([n for n in range(10, 2000) if str(n) == str(n)[::-1]][-10:])
print([n for n in range(1, 100000) if n == sum(d ** len(str(n)) for d in digits(n))])
def luhn(num):
    total = 0
    for i, d in enumerate(reversed(digits(num))):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
print([luhn(n) for n in (79927398713, 79927398710, 4539578763621486, 1234567812345678)])
def persistence(n):
    steps = 0
    while n >= 10:
        p = 1
        for d in digits(n):
            p *= d
        n = p
        steps += 1
    return steps
print([persistence(n) for n in (39, 999, 277777788888899, 4, 25)])
print(sum(1 for n in range(1, 10001) if sum(digits(n)) % 7 == 0))
