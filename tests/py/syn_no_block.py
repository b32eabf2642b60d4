# Missing indented block.
def f():
return 1
