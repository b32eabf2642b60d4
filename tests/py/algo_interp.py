# A tiny stack-machine interpreter and a recursive-descent expression parser.
def tokenize(src):
    toks, i = [], 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            toks.append(("num", float(src[i:j]) if "." in src[i:j] else int(src[i:j])))
            i = j
        elif c.isalpha():
            j = i
            while j < len(src) and src[j].isalnum():
                j += 1
            toks.append(("name", src[i:j]))
            i = j
        else:
            toks.append(("op", c))
            i += 1
    toks.append(("end", None))
    return toks
class Parser:
    def __init__(self, src):
        self.toks = tokenize(src)
        self.pos = 0
    def peek(self):
        return self.toks[self.pos]
    def take(self):
        t = self.toks[self.pos]
        self.pos += 1
        return t
    def expr(self):
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            node = (self.take()[1], node, self.term())
        return node
    def term(self):
        node = self.factor()
        while self.peek() in (("op", "*"), ("op", "/"), ("op", "%")):
            node = (self.take()[1], node, self.factor())
        return node
    def factor(self):
        base = self.unary()
        if self.peek() == ("op", "^"):
            self.take()
            return ("^", base, self.factor())
        return base
    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        kind, val = self.take()
        if kind in ("num", "name"):
            return (kind, val)
        if val == "(":
            node = self.expr()
            if self.take() != ("op", ")"):
                raise SyntaxError("expected )")
            return node
        raise SyntaxError("unexpected %r" % (val,))
def compile_(node, code):
    kind = node[0]
    if kind == "num":
        code.append(("push", node[1]))
    elif kind == "name":
        code.append(("load", node[1]))
    elif kind == "neg":
        compile_(node[1], code)
        code.append(("neg",))
    else:
        compile_(node[1], code)
        compile_(node[2], code)
        code.append(("bin", kind))
    return code
def run(code, env):
    stack = []
    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
           "/": lambda a, b: a / b, "%": lambda a, b: a % b, "^": lambda a, b: a ** b}
    for ins in code:
        if ins[0] == "push":
            stack.append(ins[1])
        elif ins[0] == "load":
            stack.append(env[ins[1]])
        elif ins[0] == "neg":
            stack.append(-stack.pop())
        else:
            b, a = stack.pop(), stack.pop()
            stack.append(ops[ins[1]](a, b))
    return stack.pop()
env = {"x": 3, "y": 4, "big": 10 ** 20}
for src in ("1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x ^ 2", "x * x + y * y", "big * big + 1", "7 / 2", "17 % 5 - -3",
            "1.5 * (2 + x)", "((((1))))", "2 *", "1 + (2", "z + 1", "4 / (x - 3)"):
    try:
        tree = Parser(src).expr()
        code = compile_(tree, [])
        print(src, "=>", run(code, env), "in", len(code), "ops")
    except SyntaxError as e:
        print(src, "=> SyntaxError:", e)
    except KeyError as e:
        print(src, "=> unknown variable", e)
    except ZeroDivisionError as e:
        print(src, "=> ZeroDivisionError:", e)
print(Parser("a + b * (c - 1)").expr())
