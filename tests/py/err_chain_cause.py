# Uncaught exception with an explicit cause (raise ... from ...).
class ConfigError(Exception):
    pass
def load(key):
    table = {"a": 1}
    try:
        return table[key]
    except KeyError as e:
        raise ConfigError("missing key: " + key) from e
print(load("a"))
load("b")
