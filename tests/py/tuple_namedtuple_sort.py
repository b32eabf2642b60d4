# Sorting records as tuples and namedtuples.
from collections import namedtuple
Emp = namedtuple("Emp", "name dept salary")
staff = [Emp("ann", "eng", 120), Emp("bob", "ops", 90), Emp("cid", "eng", 100), Emp("dee", "ops", 95), Emp("eve", "hr", 70)]
for e in sorted(staff, key=lambda e: (e.dept, -e.salary)):
    print(e)
by_dept = {}
for e in staff:
    by_dept.setdefault(e.dept, []).append(e.salary)
print({d: (min(s), max(s), sum(s) / len(s)) for d, s in sorted(by_dept.items())})
print(max(staff, key=lambda e: e.salary).name, sorted(staff)[0], staff[1] < staff[2], staff[0]._replace(salary=1))
print([e.name for e in staff if e.salary > 90], sum(e.salary for e in staff), Emp._fields)
