# Lesson 11: tasklets and cooperative scheduling.
import stackless


def interleave(names, steps):
    """(name, i) pairs logged by one tasklet per name, taking turns."""
    log = []

    def walker(name):
        for i in range(steps):
            log.append((name, i))
            stackless.schedule()        # to the back of the run queue

    for name in names:
        stackless.tasklet(walker)(name)
    stackless.run()
    return log


if __name__ == "__main__":
    for name, i in interleave(["a", "b", "c"], 3):
        print(name, i)
