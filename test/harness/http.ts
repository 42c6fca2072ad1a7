import http from 'node:http';
import type { LookupFunction } from 'node:net';

/** Resolves `*.localhost` to loopback as browsers do (Node's resolver does not). */
const lookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  callback(new Error(`tests only reach localhost, not ${hostname}`), '', 4);
};

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  json?: unknown;
}

/**
 * `fetch` for tests against real hosts such as `http://acme.localhost:18787/`: the request goes
 * to loopback with that Host header, exactly what a browser sends to the Worker.
 */
export function request(url: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    // A fresh connection per request (agent: false): Node's default agent keeps sockets alive, and a
    // request written on one that wrangler's proxy is just closing fails with "socket hang up".
    const req = http.request(url, { method: options.method ?? 'GET', headers, lookup, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, v);
        }
        const status = res.statusCode ?? 0;
        const empty = status === 204 || status === 304 || req.method === 'HEAD';
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
