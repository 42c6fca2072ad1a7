import { html } from 'hono/html';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses?: Record<string, { description?: string }>;
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: object;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A readable, dependency-free page listing every operation of the OpenAPI document. */
export function renderApiDocs(doc: OpenApiDocument) {
  const operations = Object.entries((doc.paths ?? {}) as Record<string, Partial<Record<string, Operation>>>).flatMap(
    ([path, item]) => METHODS.flatMap((method) => (item?.[method] ? [{ path, method, op: item[method] }] : [])),
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${doc.info.title} v${doc.info.version}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1c2230}
code,.m{font-family:ui-monospace,monospace}.op{border:1px solid #d8dde6;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}.get{color:#0b6b3a}.post{color:#1f4fd1}
.delete{color:#b42318}.patch,.put{color:#8a5a00}.r{color:#4b5565;font-size:.9em}</style></head>
<body><h1>${doc.info.title} <small>v${doc.info.version}</small></h1><p>${doc.info.description ?? ''}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a></p>
${operations.map(
  ({ path, method, op }) => html`<section class="op"><div><span class="m ${method}">${method}</span> <code>${path}</code>
  ${op.security?.length ? html` <small>🔒 bearer</small>` : ''}</div><div>${op.summary ?? ''}</div>
  <div class="r">${Object.entries(op.responses ?? {}).map(([status, r]) => html`<span><b>${status}</b> ${r.description ?? ''}</span>; `)}</div></section>`,
)}
</body></html>`;
}
