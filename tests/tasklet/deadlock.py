# "Deadlock: the last runnable tasklet cannot be blocked."
import stackless

ch = stackless.channel()
try:
    ch.receive()                       # main alone: nothing could send
except RuntimeError as e:
    print("1:", e)
print("balance after:", ch.balance)
try:
    ch.send(1)
except RuntimeError as e:
    print("2:", e)


def blocker():
    other = stackless.channel()
    print("blocker blocks too")
    other.receive()


stackless.tasklet(blocker)()
try:
    ch.receive()                       # the blocker runs, blocks: main is revived
except RuntimeError as e:
    print("3:", e, "| balance", ch.balance)

# run() is not a deadlock: it returns when everything else is blocked
stackless.tasklet(blocker)()
print("run returned", stackless.run())
print("runcount:", stackless.getruncount())

# schedule_remove() from main with nothing else runnable just returns
print("schedule_remove:", stackless.schedule_remove("alone"))
print("run from a tasklet:")
def runs():
    try:
        stackless.run()
    except RuntimeError as e:
        print("4:", e)
stackless.tasklet(runs)()
stackless.run()
