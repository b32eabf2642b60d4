#!/usr/bin/env python3
"""probe.py -- what a visitor of a deployed threadlab does, as checks.

Used by check.sh against the server running from the image's exported file
system, inside a network namespace of its own (as in a container):

  probe.py lo-up             bring the namespace's loopback up (a new
                             namespace starts with it down)
  probe.py site PORT         the page, the API, the database and a native
                             run over the WebSocket; one "ok"/"FAIL" line
                             per check, exit status 1 if any failed

Only the standard library: it runs on a bare CI machine, before and
without the project's npm packages.
"""
import base64
import fcntl
import http.client
import json
import os
import socket
import struct
import sys
import time

TIMEOUT = 10
ISOLATION = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
}

failures = 0


def report(ok, what, detail=''):
    global failures
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {what}{'' if ok or not detail else ': ' + detail}",
          flush=True)


def lo_up():
    """SIOCGIFFLAGS / SIOCSIFFLAGS on "lo": ip(8) may not be installed."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack('16sh14x', b'lo', 0)
    flags = struct.unpack('16sh14x', fcntl.ioctl(s, 0x8913, req))[1]
    fcntl.ioctl(s, 0x8914, struct.pack('16sh14x', b'lo', flags | 1))
    s.close()


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=TIMEOUT)
    try:
        headers = {'Content-Type': 'application/json'} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def check_get(port, path, mime):
    """GET PATH: 200, the MIME type and the cross-origin isolation headers."""
    try:
        status, headers, body = request(port, 'GET', path)
    except OSError as e:
        report(False, f'GET {path}', str(e))
        return None
    ctype = headers.get('content-type', '')
    report(status == 200 and ctype.startswith(mime), f'GET {path} is 200 {mime}',
           f'{status} {ctype!r}')
    missing = [f'{k}: {v}' for k, v in ISOLATION.items() if headers.get(k) != v]
    report(not missing, f'GET {path} sends COOP/COEP', 'missing ' + ', '.join(missing))
    return body


def check_json(port, path):
    body = check_get(port, path, 'application/json')
    try:
        return json.loads(body) if body is not None else None
    except ValueError:
        report(False, f'GET {path} is JSON', repr(body[:80]))
        return None


def check_snippet(port):
    """A write and a read back: the database in /data works for the user."""
    code = 'print("saved in the volume")'
    try:
        status, _, body = request(port, 'POST', '/api/snippets', json.dumps({'code': code}))
        sid = json.loads(body).get('id') if status in (200, 201) else None
        if not sid:
            report(False, 'snippet saved', f'{status} {body[:80]!r}')
            return
        status, _, body = request(port, 'GET', f'/api/snippets/{sid}')
        report(status == 200 and json.loads(body).get('code') == code,
               'snippet saved and read back', f'{status} {body[:80]!r}')
    except (OSError, ValueError) as e:
        report(False, 'snippet saved and read back', str(e))


class WebSocket:
    """Just enough RFC 6455 for JSON text messages (client frames masked)."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n'
                           'Upgrade: websocket\r\nConnection: Upgrade\r\n'
                           f'Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n')
                          .encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError('closed during the handshake')
            head += chunk
        head, self.buf = head.split(b'\r\n\r\n', 1)
        if b' 101 ' not in head.split(b'\r\n', 1)[0]:
            raise OSError('handshake refused: ' + head.split(b'\r\n', 1)[0].decode())

    def send(self, obj):
        data = json.dumps(obj).encode()
        n = len(data)
        size = bytes([0x80 | n]) if n < 126 else struct.pack('!BH', 0x80 | 126, n)
        mask = os.urandom(4)
        self.sock.sendall(b'\x81' + size + mask +
                          bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _take(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError('connection closed')
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        """The next message as an object (fragments joined, pings ignored)."""
        payload = b''
        while True:
            b0, b1 = self._take(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack('!H', self._take(2))[0]
            elif n == 127:
                n = struct.unpack('!Q', self._take(8))[0]
            data = self._take(n)
            op = b0 & 0x0f
            if op == 8:
                raise OSError('closed by the server')
            if op in (0, 1):
                payload += data
                if b0 & 0x80:
                    return json.loads(payload)

    def close(self):
        self.sock.close()


def check_run(port):
    """A native run: the zygote, the sandbox and the VM work in the image."""
    what = 'native run over /ws prints and exits 0'
    try:
        ws = WebSocket(port, '/ws')
        ws.send({'type': 'run', 'v': 1, 'id': 'd1', 'mode': 'free',
                 'code': 'import threading\nt = threading.Thread(target=print, args=("hi",))\n'
                         't.start()\nt.join()\nprint("from the container")\n'})
        out, end = '', None
        deadline = time.monotonic() + TIMEOUT
        while end is None and time.monotonic() < deadline:
            msg = ws.recv()
            if msg.get('type') == 'stdout':
                out += msg.get('data', '')
            elif msg.get('type') in ('exit', 'error'):
                end = msg
        ws.close()
        report(end is not None and end.get('status') == 0 and
               out == 'hi\nfrom the container\n', what, f'{out!r} {end}')
    except (OSError, ValueError) as e:
        report(False, what, str(e))


def site(port):
    check_get(port, '/', 'text/html')
    health = check_json(port, '/api/health')
    report(isinstance(health, dict) and health.get('ok') is True,
           '/api/health says ok', repr(health))
    check_get(port, '/wasm/tlcore.wasm', 'application/wasm')
    check_get(port, '/wasm/tlcore.mjs', 'text/javascript')
    lessons = check_json(port, '/api/lessons')
    report(isinstance(lessons, dict) and bool(lessons.get('lessons')),
           '/api/lessons lists the lessons', repr(lessons)[:80])
    check_snippet(port)
    check_run(port)
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ['lo-up']:
        lo_up()
        return 0
    if len(argv) == 3 and argv[1] == 'site':
        return site(int(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
