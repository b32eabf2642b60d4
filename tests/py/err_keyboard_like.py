# BaseException subclasses that are not Exceptions still print tracebacks.
class Abort(BaseException):
    pass
try:
    raise Abort("not caught by except Exception")
except Exception:
    print("wrong handler")
except BaseException as e:
    print("base handler", repr(e))
raise Abort("fatal abort")
