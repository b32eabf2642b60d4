# The default excepthook: "Exception in thread NAME:" and the traceback.
import threading


def worker():
    raise KeyError("missing")


t = threading.Thread(target=worker)
t.start()
t.join()
threading.Thread(target=lambda: None).start()
print("main continues")
