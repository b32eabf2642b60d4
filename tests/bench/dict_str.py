# Dict and string benchmark: word counting, string building and joining.
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
seed = 1
text_parts = []
for i in range(900000):
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    text_parts.append(words[seed % 10] + str(seed % 37))
text = " ".join(text_parts)
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
out = []
for k, v in sorted(counts.items()):
    out.append("%s=%d" % (k.upper(), v))
report = ";".join(out)
print("dict_str checksum", len(counts), top, len(report), report.count("A"), sum(len(k) * v for k, v in counts.items()))
