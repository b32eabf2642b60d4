# Word frequency, text statistics and a simple word wrapper.
text = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair, we had everything before us, we had nothing before us."""
words = [w.strip(".,").lower() for w in text.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
print(len(words), len(freq), top[:8])
print(sorted(w for w in freq if freq[w] == 1))
print(max(words, key=len), sum(map(len, words)) / len(words))
letters = {}
for ch in text.lower():
    if ch.isalpha():
        letters[ch] = letters.get(ch, 0) + 1
for ch, n in sorted(letters.items(), key=lambda kv: -kv[1])[:5]:
    print(ch, "#" * (n // 4), n)
def wrap(s, width):
    lines, cur = [], ""
    for w in s.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cur + " " + w if cur else w
    if cur:
        lines.append(cur)
    return lines
for line in wrap(text, 38):
    print("|" + line.ljust(38) + "|")
print(text.count("it was"), text.lower().count("it was"), text.find("Light"), text.title()[:40])
