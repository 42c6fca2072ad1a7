import { createVendor } from '../../src/modules/tenancy';
import type { Database } from '../../src/platform/db';
import { ApiError } from '../../src/platform/errors';

/** The demo vendors of DESIGN.md: the same on every machine, so people and scripts can rely on them. */
export const DEMO_VENDORS = [
  { slug: 'acme', name: 'Acme Building Supplies', theme: { primary: '#b4490f', accent: '#1f2937', logoUrl: null } },
  { slug: 'nordlicht', name: 'Nordlicht Home & Light', theme: { primary: '#1e3a5f', accent: '#e8b923', logoUrl: null } },
  { slug: 'velo', name: 'Velo Bikes & Parts', theme: { primary: '#0f766e', accent: '#f97316', logoUrl: null } },
];

/** Creates whatever demo data is missing, through the same services the API uses; safe to rerun. */
export async function seedDemo(db: Database): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const vendor of DEMO_VENDORS) {
    try {
      await createVendor(db, vendor);
      created.push(vendor.slug);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    }
  }
  return { created };
}
