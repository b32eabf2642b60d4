// share.js -- share links through the server's snippet API:
// POST /api/snippets {code} -> {id}; GET /api/snippets/ID -> {code}; the
// page itself answers /s/ID.
async function json(res) {
  let body = null;
  try { body = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) throw new Error((body && body.error) || `HTTP ${res.status}`);
  return body;
}

export async function saveSnippet(code) {
  const res = await fetch('/api/snippets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const { id } = await json(res);
  return { id, url: `${location.origin}/s/${encodeURIComponent(id)}` };
}

export async function loadSnippet(id) {
  const res = await fetch(`/api/snippets/${encodeURIComponent(id)}`);
  return (await json(res)).code;
}

// The snippet id in the current address, or null.
export function snippetIdFromLocation() {
  const m = /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
  return m ? m[1] : null;
}
