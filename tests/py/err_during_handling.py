# A bug inside an except block.
def handler():
    try:
        return [1, 2][5]
    except IndexError:
        return undefined_fallback
print("calling")
handler()
