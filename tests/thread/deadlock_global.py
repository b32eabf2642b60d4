# Nobody is left to notify the condition: the global case.
import threading

cond = threading.Condition()
done = False


def waiter():
    with cond:
        while not done:
            cond.wait()


t = threading.Thread(target=waiter, name="waiter")
t.start()
t.join()
