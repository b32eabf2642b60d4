# Channels between OS threads: a receive blocks the thread when nothing
# there is runnable, a send from another thread wakes it; no value is lost.
import stackless, threading, time


def main():
    # everything runs in a function: module globals are never rebound
    # while other threads read them
    ch = stackless.channel()
    def worker():
        for i in range(5):
            ch.send(i)           # blocks this thread's main tasklet until received
        ch.send_exception(KeyError, "bye")
    t = threading.Thread(target=worker)
    t.start()
    got = []
    try:
        while True:
            got.append(ch.receive())
    except KeyError as e:
        print("got", got, repr(e))
    t.join()
    # many tasklets on main thread receive from a worker thread
    res = stackless.channel()
    jobs = stackless.channel()
    def client(n):
        res.send((n, jobs.receive()))
    for n in range(4):
        stackless.tasklet(client)(n)
    stackless.run()
    print("balance", jobs.balance)
    def feeder():
        for i in range(4):
            jobs.send(i * 10)
    f = threading.Thread(target=feeder); f.start()
    out = sorted(res.receive() for _ in range(4))
    print(out)
    f.join()
    # ping-pong between threads
    a, b = stackless.channel(), stackless.channel()
    def pong():
        for i in range(1000):
            b.send(a.receive() + 1)
    p = threading.Thread(target=pong); p.start()
    v = 0
    for i in range(1000):
        a.send(v); v = b.receive()
    p.join()
    print("pingpong", v)

    # each thread has its own scheduler and main tasklet
    def own():
        me = stackless.getcurrent()
        print("worker main is_main:", me.is_main, "differs:", me is not main_of_main)
        done = []
        stackless.tasklet(lambda: done.append(1))()
        stackless.run()
        print("worker ran its tasklet:", done, stackless.getruncount())
    main_of_main = stackless.getmain()
    w = threading.Thread(target=own); w.start(); w.join()

    # many threads hammering one channel: every value arrives exactly once
    N, T = 300, 4
    sink = stackless.channel()
    def pump(k):
        for i in range(N):
            sink.send((k, i))
    ths = [threading.Thread(target=pump, args=(k,)) for k in range(T)]
    for t in ths: t.start()
    seen = [sink.receive() for _ in range(N * T)]
    for t in ths: t.join()
    print("received", len(seen), "distinct", len(set(seen)), "in order per sender:",
          all([i for k2, i in seen if k2 == k] == list(range(N)) for k in range(T)))

    # a receiving tasklet on this thread while another thread sends, with gc
    import gc
    box = stackless.channel()
    def slow_sender():
        for i in range(50):
            gc.collect() if i % 10 == 0 else None
            box.send([i] * 3)
    got = []
    def rx():
        for _ in range(50):
            got.append(box.receive()[2])
    stackless.tasklet(rx)()
    s = threading.Thread(target=slow_sender); s.start()
    stackless.run()                     # rx blocks: run() returns
    while len(got) < 50:
        stackless.schedule()            # let the woken tasklet run
        time.sleep(0.001)
    s.join()
    print("sum", sum(got))



main()
