# Uncaught AttributeError on a user class.
class Box:
    def __init__(self):
        self.content = 1
b = Box()
print(b.content)
print(b.contents)
