# Readers iterate, copy and search shared containers while writers grow,
# shrink and resize them; garbage piles up so collections run meanwhile.
# Results are only checked for consistency: what is read must be well formed.
import threading

lst = list(range(100))
dct = {i: str(i) for i in range(100)}
st = set(range(100))
stop = threading.Event()
errors = []


def writer(k):
    for i in range(3000):
        lst.append(i)
        lst.insert(0, -i)
        lst.extend([i, i])
        del lst[:2]
        lst[len(lst) // 2:len(lst) // 2 + 1] = [k]
        dct[i * 7 + k] = str(i)
        dct.update({-i: "x" * (i % 10)})
        dct.pop(i * 7 + k, None)
        st.add(i * 3 + k)
        st.discard(i * 3 + k - 30)
        _ = [str(j) for j in range(10)]  # garbage
        if i % 500 == 0:
            try:      # other threads append meanwhile: CPython raises too
                lst.sort(key=lambda v: v if isinstance(v, int) else 0)
            except ValueError:
                pass


def reader():
    while not stop.is_set():
        try:
            total = 0
            for v in list(lst):
                total += v
            for key, val in list(dct.items()):
                if not isinstance(val, str):
                    errors.append(("dict", key, val))
            for v in list(st):
                if not isinstance(v, int):
                    errors.append(("set", v))
            _ = 5 in lst, 5 in dct, 5 in st, len(lst), sorted(st)[:3]
            _ = lst[: 10], lst[-1:]
        except Exception as e:
            errors.append(repr(e))


readers = [threading.Thread(target=reader) for _ in range(2)]
writers = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
for t in readers + writers:
    t.start()
for t in writers:
    t.join()
stop.set()
for t in readers:
    t.join()
print("errors:", errors[:5])
print(all(isinstance(v, int) for v in lst), all(isinstance(v, str) for v in dct.values()))
print(len(lst) >= 100, len(st) > 0)
