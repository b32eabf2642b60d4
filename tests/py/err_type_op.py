# Uncaught TypeError from an operator in a nested data structure expression.
config = {"width": 10, "height": "20"}
area = config["width"] * 2 + config["height"]
print(area)
