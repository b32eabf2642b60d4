# A Brainfuck interpreter running a hello-world program and a small computation.
def bf(code, inp=""):
    code = [c for c in code if c in "+-<>[].,"]
    jump, stack = {}, []
    for i, c in enumerate(code):
        if c == "[":
            stack.append(i)
        elif c == "]":
            j = stack.pop()
            jump[i], jump[j] = j, i
    tape = [0] * 300
    ptr = pc = ip = 0
    out = []
    steps = 0
    while pc < len(code):
        c = code[pc]
        steps += 1
        if c == "+":
            tape[ptr] = (tape[ptr] + 1) % 256
        elif c == "-":
            tape[ptr] = (tape[ptr] - 1) % 256
        elif c == ">":
            ptr += 1
        elif c == "<":
            ptr -= 1
        elif c == ".":
            out.append(chr(tape[ptr]))
        elif c == ",":
            tape[ptr] = ord(inp[ip]) if ip < len(inp) else 0
            ip += 1
        elif c == "[" and tape[ptr] == 0:
            pc = jump[pc]
        elif c == "]" and tape[ptr] != 0:
            pc = jump[pc]
        pc += 1
    return "".join(out), steps
hello = "++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++."
print(bf(hello))
rev = ">,[>,]<[.<]"
print(bf(rev, "stressed"))
add = ",>,[<+>-]<------------------------------------------------."
print(bf(add, "34"))
