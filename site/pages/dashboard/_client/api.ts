/**
 * What the dashboard's Alpine components share: JSON calls to the API with the visitor's cookies
 * (same origin, so the CSRF check passes) that answer the API's own error message, and copying a
 * secret to the clipboard. The leading underscore keeps this folder out of Astro's routes.
 */

export interface ApiFailure {
  status: number;
  code: string;
  /** The API's `error.message`, or a sentence for a network failure. */
  message: string;
  /** Field → message, from VALIDATION_FAILED details or an error naming its field. */
  fields: Record<string, string>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

function fieldErrors(body: ErrorBody | null): Record<string, string> {
  const fields: Record<string, string> = {};
  const details = body?.error?.details;
  if (Array.isArray(details)) {
    for (const issue of details as { path?: unknown; message?: unknown }[]) {
      const field = typeof issue.path === 'string' ? issue.path.split('.')[0] : undefined;
      if (field && typeof issue.message === 'string') fields[field] ??= issue.message;
    }
  } else if (details && typeof details === 'object') {
    const field = (details as { field?: unknown }).field;
    if (typeof field === 'string' && body?.error?.message) fields[field] = body.error.message;
  }
  return fields;
}

/** Calls `/api/v1{path}`; never throws. */
export async function callApi<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (response.ok) return { ok: true, data: parsed as T };
    const error = (parsed as ErrorBody | null)?.error;
    return {
      ok: false,
      error: {
        status: response.status,
        code: error?.code ?? 'INTERNAL',
        message: error?.message ?? `Something went wrong (HTTP ${response.status}). Please try again.`,
        fields: fieldErrors(parsed as ErrorBody | null),
      },
    };
  } catch {
    return {
      ok: false,
      error: {
        status: 0,
        code: 'NETWORK',
        message: 'We could not reach the server. Check your connection and try again.',
        fields: {},
      },
    };
  }
}

/** Copies `text`; falls back to selecting it in `input` so the visitor can copy it by hand. */
export async function copyText(text: string, input?: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.focus();
    input?.select();
    return false;
  }
}

/** A date as the visitor reads dates. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A date and time as the visitor reads them. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return 'Never';
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
