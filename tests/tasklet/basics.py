# Tasklet life cycle, attributes and the FIFO round-robin run queue.
import stackless

main = stackless.getcurrent()
print("main:", main.is_main, main.is_current, main is stackless.getmain())
print("runcount:", stackless.getruncount(), stackless.runcount)
print("current attr:", stackless.current is main, stackless.main is main)


def walker(name, steps):
    for i in range(steps):
        print(name, i)
        stackless.schedule()          # to the back of the run queue
    return name


a = stackless.tasklet(walker)("a", 3)
b = stackless.tasklet(walker)("b", 2)
print("a:", a.alive, a.scheduled, a.blocked, a.paused, a.is_main, a.is_current)
print("runcount:", stackless.getruncount())
print("ring:", main.next is a, a.next is b, b.next is main, main.prev is b)
print("run returns", stackless.run())
print("a after:", a.alive, a.scheduled, stackless.getruncount())

# bind / setup / insert / remove
t = stackless.tasklet(walker)
print("unbound:", t.alive, t.scheduled)
t.bind(walker, ("t", 1))
print("bound:", t.alive, t.scheduled, t.paused)
t.insert()
print("inserted:", t.scheduled, stackless.getruncount())
t.remove()
print("removed:", t.scheduled, t.paused, stackless.getruncount())
t.insert()
stackless.run()
print("t done:", t.alive)

t2 = stackless.tasklet(walker, ("kw",), {"steps": 1})
print("ctor-bound:", t2.alive, t2.scheduled)
t2.setup  # attribute exists
t2.insert()
stackless.run()

# schedule(retval) and tempval
def echo():
    print("echo got", stackless.schedule("r1"))
    print("echo got", stackless.schedule())


stackless.tasklet(echo)()
print("main got", stackless.schedule("m1"))
print("main got", stackless.schedule())
print("runcount:", stackless.getruncount())

# run() / switch() of a specific tasklet
def note(msg):
    print(msg, stackless.getcurrent().is_current)


x = stackless.tasklet(note)("x runs now")
y = stackless.tasklet(note)("y runs later")
x.run()
print("back in main after x; y scheduled:", y.scheduled)
stackless.run()
z = stackless.tasklet(note)("z switched to")
z.switch()
print("main resumed; main scheduled:", main.scheduled)

# thread_id and repr-ish checks
print("thread_id ok:", main.thread_id == x.thread_id)
print(type(main).__name__, type(stackless.channel()).__name__)
print(stackless.enable_softswitch(None))
