# Module whose function fails; used by err_import_module.py.
def explode(n):
    if n > 0:
        return explode(n - 1)
    return {}["boom"]
