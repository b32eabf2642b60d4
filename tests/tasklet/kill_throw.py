# kill(), throw(), raise_exception(), TaskletExit and uncaught exceptions.
import stackless

ch = stackless.channel()
log = []


def worker(name):
    try:
        while True:
            log.append((name, ch.receive()))
    except stackless.TaskletExit:
        print(name, "got TaskletExit")
        raise
    finally:
        print(name, "finally")


w1 = stackless.tasklet(worker)("w1")
w2 = stackless.tasklet(worker)("w2")
stackless.run()
ch.send(1)
ch.send(2)
print(log, ch.balance)
w1.kill()                              # returns after w1's finally ran
print("w1 alive:", w1.alive, "balance:", ch.balance)
w2.kill(pending=True)                  # just made runnable
print("w2 alive:", w2.alive, "scheduled:", w2.scheduled, "blocked:", w2.blocked)
stackless.schedule()
print("w2 alive:", w2.alive)
w2.kill()                              # dead already: nothing happens
print("TaskletExit is BaseException:", issubclass(stackless.TaskletExit, BaseException),
      issubclass(stackless.TaskletExit, Exception))

# killing a tasklet that never ran, and one that is paused
fresh = stackless.tasklet(worker)("fresh")
fresh.kill()
print("fresh alive:", fresh.alive)
never = stackless.tasklet(worker)
never.kill()
print("unbound alive:", never.alive)


def catcher():
    while True:
        try:
            stackless.schedule_remove()
        except ValueError as e:
            print("catcher caught", repr(e))
        except stackless.TaskletExit:
            print("catcher exits")
            return


c = stackless.tasklet(catcher)()
stackless.run()
print("catcher paused:", c.paused, c.scheduled)
c.throw(ValueError, "thrown")
c.raise_exception(ValueError, "raised", 42)
c.throw(ValueError("instance"))
c.throw(pending=True)                  # TaskletExit, later
print("pending; alive:", c.alive)
stackless.run()
print("catcher alive:", c.alive)
try:
    c.throw(ValueError)
except RuntimeError as e:
    print("RuntimeError:", e)

# an uncaught exception in a tasklet is raised in the main tasklet
def bad(n):
    return 10 // n


stackless.tasklet(bad)(0)
try:
    stackless.run()
except ZeroDivisionError as e:
    print("main caught:", e)
print("runcount:", stackless.getruncount())

# ... also when main is blocked on a channel
def bad2():
    raise KeyError("in tasklet")


stackless.tasklet(bad2)()
try:
    ch.receive()
except KeyError as e:
    print("main caught while blocked:", e, "balance:", ch.balance)

# raising in the current tasklet itself
try:
    stackless.getcurrent().raise_exception(IndexError, "self")
except IndexError as e:
    print("self raise:", e)

# a tasklet can kill another one that is blocked
victim = stackless.tasklet(worker)("victim")
def killer():
    victim.kill()
    print("killer done, victim alive:", victim.alive)
stackless.tasklet(killer)()
stackless.run()

# and the last uncaught one ends the program with a traceback
def fatal():
    helper()


def helper():
    raise RuntimeError("unhandled in tasklet")


stackless.tasklet(fatal)()
stackless.run()
print("not reached")
