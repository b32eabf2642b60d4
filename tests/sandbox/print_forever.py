# expect reason: output limit
# Floods stdout: the run is stopped at the output cap.
while True:
    print("all work and no play makes Jack a dull boy")
