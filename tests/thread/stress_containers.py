# Four threads mutate shared containers at once; per-object locks must keep
# every structure intact (counts are exact because each operation is one
# builtin call).
import threading

N = 4
M = 20000
shared_list = []
shared_dict = {}
shared_set = set()


class Box:
    pass


box = Box()


def worker(k):
    for i in range(M):
        shared_list.append(i)
        shared_dict[(k, i)] = i
        shared_set.add((k, i))
        setattr(box, "a%d_%d" % (k, i % 100), i)
        if i % 3 == 0:
            shared_dict.pop((k, i))
            shared_set.discard((k, i))
        if i % 5 == 0 and shared_list:
            try:
                shared_list.pop()
            except IndexError:
                pass


threads = [threading.Thread(target=worker, args=(k,)) for k in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()

expect_kept = N * sum(1 for i in range(M) if i % 3 != 0)
print(len(shared_dict) == expect_kept, len(shared_set) == expect_kept)
print(len(shared_list) == N * M - N * len(range(0, M, 5)))
print(len(vars(box)))
print(sum(shared_dict.values()) == N * sum(i for i in range(M) if i % 3))
