/**
 * The admin pages' browser side: the admin API called with the session cookies (same origin, so
 * the CSRF check passes), and the small Alpine components the pages act through.
 */

export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  data: T | undefined;
  /** The API's `error.message` (or a sentence about the network), empty on success. */
  message: string;
  /** Field → message, from VALIDATION_FAILED details or a CONFLICT naming its field. */
  fields: Record<string, string>;
}

interface ErrorBody {
  error?: { message?: string; details?: unknown };
}

function fieldErrors(details: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (Array.isArray(details)) {
    for (const issue of details as { path?: unknown; message?: unknown }[]) {
      const field = typeof issue.path === 'string' ? issue.path.split('.')[0] : undefined;
      if (field && typeof issue.message === 'string') fields[field] ??= issue.message;
    }
  }
  return fields;
}

function send(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`/api/v1/admin${path}`, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Calls `/api/v1/admin<path>`. An access cookie that expired while the page sat open (15 minutes)
 * is renewed with the refresh cookie once, and the call repeated.
 */
export async function adminApi<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  try {
    let response = await send(method, path, body);
    if (response.status === 401) {
      const refreshed = await fetch('/api/v1/admin/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      if (refreshed.ok) response = await send(method, path, body);
    }
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.ok) return { ok: true, status: response.status, data: data as T, message: '', fields: {} };
    const error = (data as ErrorBody | undefined)?.error;
    const fields = fieldErrors(error?.details);
    const field = (error?.details as { field?: unknown } | undefined)?.field;
    if (typeof field === 'string' && error?.message) fields[field] = error.message;
    const message = error?.message ?? `Something went wrong (HTTP ${response.status}). Please try again.`;
    return { ok: false, status: response.status, data: undefined, message, fields };
  } catch {
    return {
      ok: false,
      status: 0,
      data: undefined,
      message: 'We could not reach the server. Check your connection and try again.',
      fields: {},
    };
  }
}

/** Opens `path` on this host with a notice the next page shows (a fixed key, never free text). */
export function goWithNotice(path: string, notice: string): void {
  const url = new URL(path, window.location.origin);
  url.searchParams.set('notice', notice);
  window.location.assign(`${url.pathname}${url.search}`);
}
