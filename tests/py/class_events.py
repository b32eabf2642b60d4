# An event dispatcher using bound methods, closures and **kwargs.
class Dispatcher:
    def __init__(self):
        self.handlers = {}
    def on(self, event):
        def register(fn):
            self.handlers.setdefault(event, []).append(fn)
            return fn
        return register
    def emit(self, event, **data):
        results = []
        for h in self.handlers.get(event, []):
            try:
                results.append(h(**data))
            except Exception as e:
                results.append("error in %s: %s" % (h.__name__, e))
        return results
bus = Dispatcher()
@bus.on("login")
def greet(user, **_):
    return "welcome " + user
@bus.on("login")
def audit(user, ip="?"):
    return "audit %s from %s" % (user, ip)
class Stats:
    def __init__(self):
        self.count = 0
    def bump(self, **kw):
        self.count += 1
        return self.count
stats = Stats()
bus.on("login")(stats.bump)
bus.on("logout")(stats.bump)
@bus.on("logout")
def broken(**kw):
    raise RuntimeError("handler crashed")
print(bus.emit("login", user="ann", ip="10.0.0.1"))
print(bus.emit("login", user="bob"))
print(bus.emit("logout"))
print(bus.emit("unknown"), stats.count, sorted(bus.handlers), [len(v) for k, v in sorted(bus.handlers.items())])
