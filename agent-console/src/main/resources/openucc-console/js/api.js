// The REST API under /api with the session cookie. Errors become ApiError with the server's message.

export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.status = status;
    this.body = body;
  }
}

function messageOf(status, body) {
  if (body && typeof body === 'object') {
    const fields = (body.fields || []).map(f => `${f.field}: ${f.message}`).join('; ');
    const msg = body.message || body.error || `HTTP ${status}`;
    return fields ? `${msg} (${fields})` : msg;
  }
  return `HTTP ${status}`;
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);

/** Who is logged in, or null (redirect to the login page is the caller's choice). */
export async function me() {
  try {
    return await get('/api/auth/me');
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export async function logout() {
  // The API takes JSON bodies only (415 otherwise), even where the body is empty.
  try { await post('/api/auth/logout', {}); } finally { location.href = '/'; }
}
