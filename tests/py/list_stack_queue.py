# Lists as stacks and queues: bracket matching, RPN evaluation, BFS order.
def balanced(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack
for s in ("()", "([]{})", "(]", "((", "", "{[()()]}", "}{", "a(b[c]d)e"):
    print(repr(s), balanced(s))
def rpn(expr):
    st = []
    for tok in expr.split():
        if tok in "+-*/":
            b, a = st.pop(), st.pop()
            st.append({"+": a + b, "-": a - b, "*": a * b, "/": a / b}[tok])
        else:
            st.append(int(tok))
    return st.pop()
print(rpn("3 4 + 2 *"), rpn("5 1 2 + 4 * + 3 -"), rpn("2 3 4 * +"), rpn("10 4 /"))
queue = [1]
order = []
while queue:
    n = queue.pop(0)
    order.append(n)
    if n < 20:
        queue.extend([2 * n, 2 * n + 1])
print(order)
st = []
for i in range(5):
    st.append(i)
print([st.pop() for _ in range(len(st))], st)
