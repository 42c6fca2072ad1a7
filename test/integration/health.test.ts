import { describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';

describe('GET /api/v1/health', () => {
  test('really checks Postgres, Redis and QStash', async () => {
    const response = await request(hostUrl('acme', '/api/v1/health'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string; latencyMs: number }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks).sort()).toEqual(['db', 'qstash', 'redis']);
    for (const check of Object.values(body.checks)) {
      expect(check.status).toBe('ok');
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  test('answers on every host, even an unknown one', async () => {
    for (const host of ['admin', 'nosuchshop', { apex: true as const }]) {
      const response = await request(hostUrl(host, '/api/v1/health'));
      expect(response.status).toBe(200);
    }
  });

  test('carries a request id', async () => {
    const response = await request(hostUrl('acme', '/api/v1/health'));
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
});

describe('OpenAPI', () => {
  test('the document lists the routes with their error envelope', async () => {
    const response = await request(hostUrl({ apex: true }, '/api/v1/openapi.json'));
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/admin/vendors']));
    expect(Object.keys(doc.paths['/admin/vendors'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.components.schemas).toHaveProperty('Error');
  });

  test('the docs page is readable HTML', async () => {
    const response = await request(hostUrl({ apex: true }, '/api/v1/docs'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('Vitrine API');
    expect(html).toContain('/admin/vendors');
  });
});
