"""json: dumps/loads (and dump/load on file objects), CPython-compatible output."""

__all__ = ['dump', 'dumps', 'load', 'loads', 'JSONDecodeError']


class JSONDecodeError(ValueError):
    __module__ = "json.decoder"

    def __init__(self, msg, doc, pos):
        lineno = doc.count('\n', 0, pos) + 1
        colno = pos - doc.rfind('\n', 0, pos)
        errmsg = '%s: line %d column %d (char %d)' % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


_ESCAPES = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
            '\b': '\\b', '\f': '\\f'}


def _encode_str(s, ensure_ascii):
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
            continue
        n = ord(ch)
        if n < 0x20 or (ensure_ascii and n > 0x7e):
            if n > 0xffff:
                n -= 0x10000
                out.append('\\u%04x\\u%04x' % (0xd800 | (n >> 10), 0xdc00 | (n & 0x3ff)))
            else:
                out.append('\\u%04x' % n)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def _float_str(o, allow_nan):
    if o != o:
        text = 'NaN'
    elif o == float('inf'):
        text = 'Infinity'
    elif o == -float('inf'):
        text = '-Infinity'
    else:
        return float.__repr__(o)
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant")
    return text


class _Encoder:
    def __init__(self, skipkeys, ensure_ascii, check_circular, allow_nan,
                 indent, separators, default, sort_keys):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.default = default
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        self.indent = indent
        if separators is not None:
            self.item_sep, self.key_sep = separators
        elif indent is not None:
            self.item_sep, self.key_sep = ',', ': '
        else:
            self.item_sep, self.key_sep = ', ', ': '
        self.markers = {} if check_circular else None

    def encode(self, o):
        out = []
        self._enc(o, out, 0)
        return ''.join(out)

    def _newline(self, level):
        return '\n' + self.indent * level

    def _enter(self, o):
        if self.markers is not None:
            if id(o) in self.markers:
                raise ValueError("Circular reference detected")
            self.markers[id(o)] = o

    def _leave(self, o):
        if self.markers is not None:
            del self.markers[id(o)]

    def _key(self, k):
        if isinstance(k, str):
            return k
        if isinstance(k, float):
            return _float_str(k, self.allow_nan)
        if k is True:
            return 'true'
        if k is False:
            return 'false'
        if k is None:
            return 'null'
        if isinstance(k, int):
            return int.__repr__(k)
        if self.skipkeys:
            return None
        raise TypeError(f'keys must be str, int, float, bool or None, '
                        f'not {k.__class__.__name__}')

    def _enc(self, o, out, level):
        if isinstance(o, str):
            out.append(_encode_str(o, self.ensure_ascii))
        elif o is None:
            out.append('null')
        elif o is True:
            out.append('true')
        elif o is False:
            out.append('false')
        elif isinstance(o, int):
            out.append(int.__repr__(o))
        elif isinstance(o, float):
            out.append(_float_str(o, self.allow_nan))
        elif isinstance(o, (list, tuple)):
            self._enc_list(o, out, level)
        elif isinstance(o, dict):
            self._enc_dict(o, out, level)
        else:
            if self.default is None:
                raise TypeError(f'Object of type {o.__class__.__name__} '
                                f'is not JSON serializable')
            self._enter(o)
            self._enc(self.default(o), out, level)
            self._leave(o)

    def _enc_list(self, o, out, level):
        if not o:
            out.append('[]')
            return
        self._enter(o)
        out.append('[')
        sep = self.item_sep
        if self.indent is not None:
            level += 1
            sep = self.item_sep + self._newline(level)
            out.append(self._newline(level))
        first = True
        for v in o:
            if not first:
                out.append(sep)
            first = False
            self._enc(v, out, level)
        if self.indent is not None:
            out.append(self._newline(level - 1))
        out.append(']')
        self._leave(o)

    def _enc_dict(self, o, out, level):
        if not o:
            out.append('{}')
            return
        self._enter(o)
        out.append('{')
        sep = self.item_sep
        if self.indent is not None:
            level += 1
            sep = self.item_sep + self._newline(level)
            out.append(self._newline(level))
        items = sorted(o.items()) if self.sort_keys else o.items()
        first = True
        for k, v in items:
            k = self._key(k)
            if k is None:
                continue
            if not first:
                out.append(sep)
            first = False
            out.append(_encode_str(k, self.ensure_ascii))
            out.append(self.key_sep)
            self._enc(v, out, level)
        if self.indent is not None:
            out.append(self._newline(level - 1))
        out.append('}')
        self._leave(o)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
          allow_nan=True, cls=None, indent=None, separators=None,
          default=None, sort_keys=False, **kw):
    return _Encoder(skipkeys, ensure_ascii, check_circular, allow_nan,
                    indent, separators, default, sort_keys).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


_WS = ' \t\n\r'
_BACKSLASH = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f',
              'n': '\n', 'r': '\r', 't': '\t'}
_CONSTANTS = {'-Infinity': float('-inf'), 'Infinity': float('inf'), 'NaN': float('nan')}


class _Decoder:
    def __init__(self, s, object_hook, object_pairs_hook, parse_float,
                 parse_int, parse_constant):
        self.s = s
        self.object_hook = object_hook
        self.object_pairs_hook = object_pairs_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant or _CONSTANTS.__getitem__

    def ws(self, i):
        s = self.s
        n = len(s)
        while i < n and s[i] in _WS:
            i += 1
        return i

    def value(self, i):
        s = self.s
        i = self.ws(i)
        if i >= len(s):
            raise JSONDecodeError("Expecting value", s, i)
        c = s[i]
        if c == '"':
            return self.string(i + 1)
        if c == '{':
            return self.object(i + 1)
        if c == '[':
            return self.array(i + 1)
        if s.startswith('null', i):
            return None, i + 4
        if s.startswith('true', i):
            return True, i + 4
        if s.startswith('false', i):
            return False, i + 5
        for name in ('NaN', 'Infinity', '-Infinity'):
            if s.startswith(name, i):
                return self.parse_constant(name), i + len(name)
        return self.number(i)

    def number(self, i):
        s = self.s
        n = len(s)
        j = i
        if j < n and s[j] == '-':
            j += 1
        if j < n and s[j] == '0':
            j += 1
        elif j < n and '1' <= s[j] <= '9':
            while j < n and s[j].isdigit():
                j += 1
        else:
            raise JSONDecodeError("Expecting value", s, i)
        is_float = False
        if j + 1 < n and s[j] == '.' and s[j + 1].isdigit():
            is_float = True
            j += 1
            while j < n and s[j].isdigit():
                j += 1
        if j < n and s[j] in 'eE':
            k = j + 1
            if k < n and s[k] in '+-':
                k += 1
            if k < n and s[k].isdigit():
                is_float = True
                j = k
                while j < n and s[j].isdigit():
                    j += 1
        text = s[i:j]
        return (self.parse_float(text) if is_float else self.parse_int(text)), j

    def string(self, i):
        s = self.s
        n = len(s)
        chunks = []
        begin = i - 1
        while True:
            j = i
            while j < n and s[j] != '"' and s[j] != '\\':
                if s[j] < ' ':
                    raise JSONDecodeError("Invalid control character at", s, j)
                j += 1
            chunks.append(s[i:j])
            if j >= n:
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            if s[j] == '"':
                return ''.join(chunks), j + 1
            j += 1
            if j >= n:
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            esc = s[j]
            if esc == 'u':
                cp = self.hex4(j + 1)
                j += 5
                if 0xd800 <= cp <= 0xdbff and s.startswith('\\u', j):
                    lo = self.hex4(j + 2)
                    if 0xdc00 <= lo <= 0xdfff:
                        cp = 0x10000 + (((cp - 0xd800) << 10) | (lo - 0xdc00))
                        j += 6
                chunks.append(chr(cp))
                i = j
            else:
                ch = _BACKSLASH.get(esc)
                if ch is None:
                    raise JSONDecodeError("Invalid \\escape", s, j - 1)
                chunks.append(ch)
                i = j + 1

    def hex4(self, i):
        esc = self.s[i:i + 4]
        if len(esc) == 4 and all(c in '0123456789abcdefABCDEF' for c in esc):
            return int(esc, 16)
        raise JSONDecodeError("Invalid \\uXXXX escape", self.s, i - 1)

    def object(self, i):
        s = self.s
        pairs = []
        i = self.ws(i)
        if i < len(s) and s[i] == '}':
            return self.finish_object(pairs), i + 1
        while True:
            i = self.ws(i)
            if i >= len(s) or s[i] != '"':
                raise JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, i)
            key, i = self.string(i + 1)
            i = self.ws(i)
            if i >= len(s) or s[i] != ':':
                raise JSONDecodeError("Expecting ':' delimiter", s, i)
            value, i = self.value(i + 1)
            pairs.append((key, value))
            i = self.ws(i)
            if i < len(s) and s[i] == '}':
                return self.finish_object(pairs), i + 1
            if i >= len(s) or s[i] != ',':
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i += 1

    def finish_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        obj = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(obj)
        return obj

    def array(self, i):
        s = self.s
        values = []
        i = self.ws(i)
        if i < len(s) and s[i] == ']':
            return values, i + 1
        while True:
            value, i = self.value(i)
            values.append(value)
            i = self.ws(i)
            if i < len(s) and s[i] == ']':
                return values, i + 1
            if i >= len(s) or s[i] != ',':
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i += 1


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, **kw):
    if isinstance(s, (bytes, bytearray)):
        s = s.decode('utf-8')
    elif not isinstance(s, str):
        raise TypeError(f'the JSON object must be str, bytes or bytearray, '
                        f'not {s.__class__.__name__}')
    d = _Decoder(s, object_hook, object_pairs_hook, parse_float, parse_int,
                 parse_constant)
    value, end = d.value(0)
    end = d.ws(end)
    if end != len(s):
        raise JSONDecodeError("Extra data", s, end)
    return value


def load(fp, **kw):
    return loads(fp.read(), **kw)
