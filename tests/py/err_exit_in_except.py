# An error in __exit__ while another exception propagates.
class Broken:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        raise RuntimeError("exit failed")
with Broken():
    raise ValueError("body failed")
