# Uncaught TypeError from a constructor call and an error in __init__.
class Config:
    def __init__(self, path, mode="r"):
        self.path = path
        self.size = len(mode) / (len(path) - len(path))
print("creating")
Config("settings.ini")
