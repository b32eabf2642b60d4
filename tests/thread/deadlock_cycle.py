# Two threads take two locks in opposite orders: a cycle, reported while
# the main thread is still waiting in join().
import threading

a = threading.Lock()
b = threading.Lock()
both = threading.Barrier(2)


def one():
    with a:
        both.wait()
        with b:
            print("one got both")


def two():
    with b:
        both.wait()
        with a:
            print("two got both")


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
print("started")
t1.join()
