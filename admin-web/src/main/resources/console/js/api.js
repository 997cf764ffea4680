// The admin API client: Bearer token from sessionStorage on every call, problem bodies as ApiError,
// and a 401 anywhere sends the user back to the login page.

const KEY = 'ferry.session';

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
  },
  save(tokenAnswer) { sessionStorage.setItem(KEY, JSON.stringify(tokenAnswer)); },
  clear() { sessionStorage.removeItem(KEY); },
  role() { return this.get()?.role || 'viewer'; },
  isAdmin() { return this.role() === 'admin'; },
  canRun() { return this.role() === 'admin' || this.role() === 'operator'; },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || { title: `HTTP ${status}`, status };
  }
}

/** Called on 401: the router installs a handler that shows the login page. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, body) {
  const { response, text } = await send(method, path, body, 'application/json');
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = { title: text.slice(0, 200) }; }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/**
 * A GET answered as the server wrote it: the project export is sorted and indented for diffs, and a
 * JSON.parse/stringify round trip would move integer-like keys (value maps) to the front.
 */
export async function getText(path) {
  const { response, text } = await send('GET', path, undefined, 'application/json');
  if (!response.ok) {
    let problem = null;
    try { problem = JSON.parse(text); } catch { /* not a problem body */ }
    throw new ApiError(response.status, problem);
  }
  return text;
}

/** A GET answered as a file (the CSV export), saved by the browser under `fileName`. */
export async function download(path, fileName, accept = 'text/csv') {
  const { response, blob } = await send('GET', path, undefined, accept, true);
  if (!response.ok) {
    let problem = null;
    try { problem = JSON.parse(await blob.text()); } catch { /* not a problem body */ }
    throw new ApiError(response.status, problem);
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return blob.size;
}

async function send(method, path, body, accept, asBlob = false) {
  const headers = { Accept: accept };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body instanceof FormData) payload = body; // multipart: the browser sets the boundary
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`/api${path}`, { method, headers, body: payload, cache: 'no-store' });
  if (response.status === 401 && path !== '/auth/token') {
    session.clear();
    onUnauthorized();
    throw new ApiError(401, { title: 'Your session has ended', detail: 'Please log in again.' });
  }
  return asBlob ? { response, blob: await response.blob() } : { response, text: await response.text() };
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** Every item of a paged list, following `next` (the server caps a page at 500). */
export async function all(path) {
  const items = [];
  let next = `${path}${path.includes('?') ? '&' : '?'}limit=500`;
  for (let pages = 0; next && pages < 50; pages += 1) {
    const page = await get(next);
    items.push(...(page.items || []));
    next = page.next ? page.next.replace(/^\/api/, '') : null;
  }
  return items;
}

export const enc = encodeURIComponent;

/** Entity schemas are asked for often (field pickers, mapping rows): one request per connection and entity. */
const schemas = new Map();
export function entitySchema(connectionId, entity) {
  const key = `${connectionId}/${entity}`;
  if (!schemas.has(key)) {
    const p = get(`/connections/${enc(connectionId)}/entities/${enc(entity)}`);
    p.catch(() => schemas.delete(key));
    schemas.set(key, p);
  }
  return schemas.get(key);
}
export function forgetSchemas(connectionId) {
  for (const key of [...schemas.keys()]) if (key.startsWith(`${connectionId}/`)) schemas.delete(key);
}
