import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox } from '../../drizzle/schema';
import { request } from './http';
import { adminAuth, appDatabase, hostUrl } from './platform';

/** A vendor as the admin API answers it. */
export interface AdminVendor {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  theme: { primary: string; accent: string; logoUrl: string | null };
  verifiedAt: string | null;
  deletedAt: string | null;
}

export interface AdminVendorDetail extends AdminVendor {
  verified: boolean;
  memberCount: number;
  domains: { id: string; domain: string; verifiedAt: string | null }[];
}

/** Calls `/api/v1/admin<path>` on the admin host as the demo platform admin. */
export async function adminCall(method: string, path: string, json?: unknown): Promise<Response> {
  return request(hostUrl('admin', `/api/v1/admin${path}`), {
    method,
    headers: await adminAuth(),
    ...(json === undefined ? {} : { json }),
  });
}

/** Asserts the status (the body is in the failure message) and returns the parsed body. */
export async function expectStatus<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The error envelope of a failed answer. */
export async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

/** The outbox topics written for a vendor, oldest first. */
export async function outboxTopics(vendorId: string): Promise<string[]> {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read((q) => [q.select({ topic: outbox.topic, seq: outbox.seq }).from(outbox).where(eq(outbox.vendorId, vendorId))] as const);
  return rows.sort((a, b) => a.seq - b.seq).map((row) => row.topic);
}

/** A custom domain no other test uses (`*.example.test` never resolves anywhere). */
export const uniqueDomain = () => `shop-${crypto.randomUUID().slice(0, 8)}.example.test`;
