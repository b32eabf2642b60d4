# Creating 50k instances, calling methods and attribute access in loops.
class Particle:
    def __init__(self, i):
        self.x = i % 100
        self.y = i // 100
        self.vx = (i * 7) % 5 - 2
        self.vy = (i * 3) % 5 - 2
    def step(self):
        self.x += self.vx
        self.y += self.vy
    def energy(self):
        return self.vx * self.vx + self.vy * self.vy
ps = [Particle(i) for i in range(50000)]
for p in ps[:10000]:
    p.step()
    p.step()
print(sum(p.x for p in ps), sum(p.y for p in ps), sum(p.energy() for p in ps))
print(max(ps, key=lambda p: (p.x, p.y)).x, min(p.y for p in ps))
byx = {}
for p in ps:
    byx.setdefault(p.x, []).append(p)
print(len(byx), sorted(byx)[:5], len(byx[50]))
