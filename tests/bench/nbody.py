# Object benchmark: a small n-body simulation with a Vector class and method calls.
class Vec:
    __slots__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)
    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)
    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z
class Body:
    def __init__(self, pos, vel, mass):
        self.pos, self.vel, self.mass = pos, vel, mass
    def kinetic(self):
        return 0.5 * self.mass * self.vel.dot(self.vel)
def step(bodies, dt):
    n = len(bodies)
    for i in range(n):
        a = bodies[i]
        for j in range(i + 1, n):
            b = bodies[j]
            d = a.pos - b.pos
            dist2 = d.dot(d) + 0.01
            mag = dt / (dist2 * dist2 ** 0.5)
            a.vel = a.vel - d.scale(b.mass * mag)
            b.vel = b.vel + d.scale(a.mass * mag)
    for b in bodies:
        b.pos = b.pos + b.vel.scale(dt)
def energy(bodies):
    e = sum(b.kinetic() for b in bodies)
    for i, a in enumerate(bodies):
        for b in bodies[i + 1:]:
            d = a.pos - b.pos
            e -= a.mass * b.mass / (d.dot(d) + 0.01) ** 0.5
    return e
bodies = [Body(Vec(i * 1.0, (i * 7 % 5) * 1.0, (i * 3 % 4) * 0.5), Vec(0.0, 0.1 * i, -0.05 * i), 1.0 + i % 3) for i in range(6)]
e0 = energy(bodies)
for _ in range(30000):
    step(bodies, 0.001)
print("nbody checksum %.9f %.9f" % (e0, energy(bodies)))
