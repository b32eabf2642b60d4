# Uncaught user-defined exception with arguments.
class ValidationError(Exception):
    def __init__(self, field, problem):
        super().__init__(field, problem)
        self.field = field
class StrictError(ValidationError):
    pass
def validate(rec):
    if "id" not in rec:
        raise StrictError("id", "required")
validate({"id": 1})
print("first ok")
validate({"name": "x"})
