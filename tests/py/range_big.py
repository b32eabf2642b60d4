# range with bounds beyond 64 bits: indexing, slicing, membership, iteration;
# only len() raises OverflowError.
r=range(10**20)
print(r[10**19], 10**19 in r, r[-1], r[5:10**19:10**18], r[::-1][:3], len(r[::10**18]))
try: len(r)
except OverflowError as e: print(e)
it=iter(range(2**63-3, 2**63+3)); print(list(it))
print(type(iter(range(10**20))).__name__, type(reversed(range(10**20))).__name__)
print(list(reversed(range(2**64, 2**64+10, 3))), r.index(10**19+5), r.count(10**19+5), range(2**64) == range(0, 2**64, 1), hash(range(2**64))==hash(range(0,2**64)))
print(bool(range(10**20, 10**20)), range(10**20)[2**70 % 10**20:], r[10**19:][2])
try: r[10**20]
except IndexError as e: print(e)
try: r[-10**20-1]
except IndexError as e: print(e)
print(range(-2**63, 2**63-1)[-1], range(-2**63, 2**63)[2**63])
print(list(range(2**62, 2**64, 2**62)), list(range(10**20,10**20+30,7)[::-2]))
print(list(range(0, -10**20, -3*10**19)))
try: range(10**20).index(10**20)
except ValueError as e: print(e)
print(r[True], range(2**64)[2**63:2**63+3], 3 in range(10**20), range(10**20).count(3), range(True), range(False, 3))
for bad in ['a', 1.5]:
    try: r[bad]
    except TypeError as e: print(e)
    try: r[bad:]
    except TypeError as e: print(e)
    try: range(bad)
    except TypeError as e: print(e)
try: r[::0]
except ValueError as e: print(e)
class I:
    def __index__(self): return 10**19
print(r[I()], range(I(), I()+0 if False else 10**19+3), r[I():], list(range(5)[::-2]), list(range(10)[-3:-100:-2]), range(10)[3:1000])
print(range(5)[-100:100], range(5)[100:], range(5)[::-1], range(0,10,3)[::-1], range(10,0,-3)[1:])
print(range(-10**20, 10**20, 10**19)[3], (-10**20 + 5) in range(-10**20, 10**20, 5), 10**20 in range(-10**20, 10**20, 5))
print(len(range(2**62)), repr(range(2**64, 0, -2**63)), list(range(2**64, 0, -2**63)))
print(range(3) == range(0,3), range(10**20) != range(10**20), range(10**20, 10**20+1)[0], sum(range(10**19, 10**19+100)))
print(2.0 in range(5), range(5).index(2.0), range(5).count(True), sorted(set(range(10**18, 10**18+5))))
