# expect reason: exited
# expect status: 0
# expect stdout lacks: root:
# expect stdout contains: blocked 5
# Tries every route to the file system it can think of; each must fail.
blocked = 0
attempts = [
    lambda: open("/etc/passwd").read(),
    lambda: __import__("os").open("/etc/passwd", 0),
    lambda: __import__("io").FileIO("/etc/passwd").read(),
    lambda: __import__("pathlib").Path("/etc/passwd").read_text(),
    lambda: exec("import posix"),
]
for attempt in attempts:
    try:
        print(attempt())
    except Exception as e:
        blocked += 1
print("blocked", blocked)
