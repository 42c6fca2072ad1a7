import { html } from 'hono/html';
import type { ApiError } from './errors';

/**
 * The page shown when rendering itself failed: plain HTML with no dependency on Astro, so it
 * still works when Astro is what broke. It names the request id for support.
 */
export function renderErrorPage(error: ApiError, requestId: string) {
  const title = error.status >= 500 ? 'Something went wrong' : error.message;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:15vh auto;padding:0 1rem;color:#1c2230}
small{color:#4b5565}</style></head><body><h1>${title}</h1>
<p>${error.status >= 500 ? 'We could not show this page. Please try again in a moment.' : ''}</p>
<p><a href="/">Back to the home page</a></p><small>Request id: <code>${requestId}</code></small></body></html>`;
}
