// serve.mjs -- a small stand-in for threadlab-server for page development
// and for the browser tests when the server is not built: static files with
// the cross-origin isolation headers, /s/ID answered by the page, and an
// in-memory snippet API.  No WebSocket (runs on the server need the real
// one).
//
//   node tests/web/serve.mjs [--port N] [--web DIR]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json',
};
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res, status, type, body) {
  res.writeHead(status, { ...ISOLATION, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendJson(res, status, obj) {
  send(res, status, 'application/json', JSON.stringify(obj));
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    let n = 0;
    const parts = [];
    req.on('data', (c) => {
      n += c.length;
      if (n > limit) reject(new Error('too large'));
      else parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export function startStatic(webDir, port = 0) {
  const root = path.resolve(webDir);
  const snippets = new Map();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = decodeURIComponent(url.pathname);
    if (p === '/api/snippets' && req.method === 'POST') {
      try {
        const { code } = JSON.parse(await readBody(req, 64 * 1024));
        if (typeof code !== 'string') return sendJson(res, 400, { error: 'code must be a string' });
        const id = crypto.randomBytes(9).toString('base64url');
        snippets.set(id, code);
        return sendJson(res, 201, { id });
      } catch (e) {
        return sendJson(res, 400, { error: e.message });
      }
    }
    const m = /^\/api\/snippets\/([\w-]+)$/.exec(p);
    if (m) {
      return snippets.has(m[1]) ? sendJson(res, 200, { code: snippets.get(m[1]) })
        : sendJson(res, 404, { error: 'no such snippet' });
    }
    const rel = p === '/' || p.startsWith('/s/') ? '/index.html' : p;
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep)) return send(res, 403, 'text/plain', 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) return send(res, 404, 'text/plain', 'not found');
      send(res, 200, TYPES[path.extname(file)] || 'application/octet-stream', data);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const { port } = await startStatic(opt('--web', 'build/web'), Number(opt('--port', 8000)));
  console.log(`serving on http://127.0.0.1:${port}/`);
}
