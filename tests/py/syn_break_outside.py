# break outside loop.
x = 1
break
