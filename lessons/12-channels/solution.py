# Lesson 12: channels -- ping-pong and pipelines.
import stackless


def pipeline(numbers, f):
    """sum(f(n) for n in numbers), as three tasklets joined by channels."""
    raw, done, total = stackless.channel(), stackless.channel(), stackless.channel()

    def produce():
        for n in numbers:
            raw.send(n)
        raw.send(None)                  # sentinel: the end

    def apply():
        while True:
            n = raw.receive()
            if n is None:
                done.send(None)
                return
            done.send(f(n))

    def add():
        s = 0
        while True:
            v = done.receive()
            if v is None:
                total.send(s)
                return
            s += v

    for stage in (produce, apply, add):
        stackless.tasklet(stage)()
    return total.receive()              # the main tasklet waits for the sum


if __name__ == "__main__":
    print(pipeline(range(10), lambda n: n * n))
