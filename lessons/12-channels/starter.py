# Lesson 12: channels -- ping-pong and pipelines.
import stackless


def pipeline(numbers, f):
    """sum(f(n) for n in numbers), as three tasklets joined by channels."""
    values = list(numbers)                  # TODO: a producer tasklet
    results = [f(n) for n in values]        # TODO: a tasklet applying f
    return sum(results)                     # TODO: a tasklet summing


if __name__ == "__main__":
    print(pipeline(range(10), lambda n: n * n))
