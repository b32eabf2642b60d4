# json: dumps with indent/sort_keys/separators, loads of nested data, errors.
import json
data = {"name": "threadlab", "version": [0, 1], "ok": True, "none": None, "pi": 3.14, "nested": {"b": [1, {"c": "d"}], "a": {}},
        "text": "quote\" backslash\\ newline\n tab\t uni é €", "empty": [], "big": 2 ** 70, "neg": -0.5}
s = json.dumps(data)
print(s)
print(json.dumps(data, sort_keys=True))
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps(data["nested"], indent=4))
print(json.dumps([1, 2, {"a": 1}], separators=(",", ":")), json.dumps({"a": 1, "b": 2}, separators=(", ", " = ")))
print(json.dumps("é€", ensure_ascii=False), json.dumps("é€"), json.dumps((1, 2)), json.dumps(1e100), json.dumps(1.0))
back = json.loads(s)
print(back == data, back["nested"]["b"][1]["c"], type(back["version"]).__name__, back["big"])
text = '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "\\u00e9\\n"}, "d": ""}'
obj = json.loads(text)
print(obj, obj["b"]["c"], json.loads("[]"), json.loads(" 42 "), json.loads('"s"'), json.loads("1.5e3"))
for bad in ('{"a": }', "[1, 2", "{'a': 1}", "", "nul", '{"a" 1}', "[1,]"):
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e, e.pos)
try:
    json.dumps({1, 2})
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({1: "int key", True: "b", None: "n"}), json.dumps(float("inf")), json.dumps([]), json.dumps({}, indent=2))
print(json.dumps({"k": [1, [2, []]]}, indent=0))
