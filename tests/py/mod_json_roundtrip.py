# JSON round trips of generated data, float formatting, and unicode escapes.
import json
records = [{"id": i, "name": "user%d" % i, "score": i * 1.25, "tags": ["t%d" % (i % 3)] * (i % 3), "active": i % 2 == 0,
            "meta": None if i % 4 else {"since": 2000 + i}} for i in range(8)]
s = json.dumps(records)
print(len(s), s[:120])
print(json.loads(s) == records)
pretty = json.dumps(records[:2], indent=3, sort_keys=True)
print(pretty)
print(json.loads(pretty) == records[:2])
print(json.dumps([0.1, 1e-7, 1e22, 123456789.123, -0.0, 3.0, 2 ** 53]))
print(json.dumps("tab\tquote\"slash/back\\bell\x07nul\x00é✓"))
print(json.loads('"\\u00e9\\u2713\\n\\t\\"\\\\\\/"'))
print(json.loads('{"a": {"b": {"c": [1, [2, [3, [4]]]]}}}')["a"]["b"]["c"][1][1][1][0])
print(json.dumps({"z": 1, "a": [], "m": {}}, sort_keys=True, indent=1))
print(json.loads("[1, 2.0, 3e0, -0, true]"), type(json.loads("2.0")).__name__, type(json.loads("-0")).__name__)
