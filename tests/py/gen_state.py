# Generators preserve local state across yields; generator objects in containers.
def tokens(text):
    word = ""
    for ch in text:
        if ch.isalnum():
            word += ch
        else:
            if word:
                yield ("WORD", word)
                word = ""
            if not ch.isspace():
                yield ("PUNCT", ch)
    if word:
        yield ("WORD", word)
print(list(tokens("Hello, world! It's 2024...")))
def traffic_light():
    while True:
        for state, dur in (("green", 3), ("yellow", 1), ("red", 2)):
            for t in range(dur):
                yield state, t
tl = traffic_light()
print([next(tl) for _ in range(10)])
gens = {name: (name * i for i in range(1, 4)) for name in "ab"}
print({k: list(v) for k, v in sorted(gens.items())})
def counter_gen():
    count = 0
    while True:
        cmd = yield count
        if cmd == "reset":
            count = 0
        else:
            count += 1
c = counter_gen()
print(next(c), next(c), next(c), c.send("reset"), next(c))
def nested_loops():
    for i in range(3):
        for j in range(3):
            if j > i:
                break
            yield i, j
print(list(nested_loops()))
def gen_with_try():
    for i in range(4):
        try:
            if i == 2:
                raise ValueError(i)
            yield i
        except ValueError as e:
            yield "handled %s" % e
        finally:
            print("finally", i)
print(list(gen_with_try()))
