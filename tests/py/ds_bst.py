# A binary search tree with insert, search, delete and traversals.
class BST:
    def __init__(self):
        self.root = None
    def insert(self, k):
        def ins(node):
            if node is None:
                return [k, None, None]
            if k < node[0]:
                node[1] = ins(node[1])
            elif k > node[0]:
                node[2] = ins(node[2])
            return node
        self.root = ins(self.root)
    def __contains__(self, k):
        n = self.root
        while n:
            if k == n[0]:
                return True
            n = n[1] if k < n[0] else n[2]
        return False
    def inorder(self):
        def walk(n):
            if n:
                yield from walk(n[1])
                yield n[0]
                yield from walk(n[2])
        return list(walk(self.root))
    def preorder(self):
        out, stack = [], [self.root]
        while stack:
            n = stack.pop()
            if n:
                out.append(n[0])
                stack.append(n[2])
                stack.append(n[1])
        return out
    def height(self):
        def h(n):
            return 0 if n is None else 1 + max(h(n[1]), h(n[2]))
        return h(self.root)
    def delete(self, k):
        def rm(n, k):
            if n is None:
                return None
            if k < n[0]:
                n[1] = rm(n[1], k)
            elif k > n[0]:
                n[2] = rm(n[2], k)
            else:
                if n[1] is None:
                    return n[2]
                if n[2] is None:
                    return n[1]
                m = n[2]
                while m[1]:
                    m = m[1]
                n[0] = m[0]
                n[2] = rm(n[2], m[0])
            return n
        self.root = rm(self.root, k)
t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    t.insert(k)
print(t.inorder(), t.preorder(), t.height(), 45 in t, 46 in t)
for k in (20, 30, 50, 99):
    t.delete(k)
    print("delete", k, t.inorder(), t.preorder())
words = BST()
for w in "the quick brown fox jumps over the lazy dog".split():
    words.insert(w)
print(words.inorder(), words.height())
