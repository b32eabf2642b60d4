# Function attributes, docstrings, default values, annotations, qualname.
def documented(a: int, b: str = "x", *args, c: float = 1.5, **kw) -> bool:
    """Return whether a is positive."""
    return a > 0
print(documented.__name__, documented.__doc__, documented.__defaults__, documented.__kwdefaults__)
print(documented.__annotations__)
print(documented.__qualname__, documented.__module__, callable(documented), type(documented).__name__)
def outer():
    def inner():
        pass
    return inner
print(outer().__qualname__, outer().__name__, (lambda: 0).__name__)
class K:
    def m(self):
        pass
    @staticmethod
    def s():
        pass
print(K.m.__qualname__, K.s.__qualname__, type(K().m).__name__, K().m.__name__)
def no_doc():
    pass
print(no_doc.__doc__, no_doc(), documented(1), documented(-1))
documented.custom = "attribute"
print(documented.custom, sorted(k for k in vars(documented)))
