import type { TeamRole } from '../../../drizzle/schema';

/**
 * What a vendor's team may do, in one place. Owner: everything. Manager: catalog, inventory,
 * orders, customers, imports, pricing, checkout settings (shipping, VAT), webhooks. Editor: catalog and imports. Viewer: read only.
 */
export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'orders:read',
  'orders:write',
  'customers:read',
  'customers:write',
  'imports:read',
  'imports:write',
  'pricing:read',
  'pricing:write',
  'webhooks:read',
  'webhooks:write',
  'team:read',
  'team:write',
  'checkout:read',
  'checkout:write',
  'settings:read',
  'settings:write',
  'api-keys:read',
  'api-keys:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READS = PERMISSIONS.filter((p) => p.endsWith(':read'));

export const ROLE_PERMISSIONS: Record<TeamRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  manager: [
    ...READS.filter((p) => !['api-keys:read'].includes(p)),
    'catalog:write',
    'inventory:write',
    'orders:write',
    'customers:write',
    'imports:write',
    'pricing:write',
    'checkout:write',
    'webhooks:write',
  ],
  editor: [...READS.filter((p) => !['api-keys:read'].includes(p)), 'catalog:write', 'imports:write'],
  viewer: READS.filter((p) => !['api-keys:read'].includes(p)),
};

export const TEAM_ROLES = ['owner', 'manager', 'editor', 'viewer'] as const satisfies readonly TeamRole[];

/** Scopes an API key can carry: each is the permission of the same name. */
export const API_KEY_SCOPES = [
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'imports:read',
  'imports:write',
  'orders:read',
  'orders:write',
  'pricing:read',
  'pricing:write',
] as const satisfies readonly Permission[];

/** The matrix as a Markdown table (docs/access.md embeds it; a test keeps the two equal). */
export function permissionTable(): string {
  const roles = ['owner', 'manager', 'editor', 'viewer'] as const;
  const mark = (yes: boolean) => (yes ? '✓' : ' ');
  const lines = [
    `| permission | ${roles.join(' | ')} | API key scope |`,
    `| --- | ${roles.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const p of PERMISSIONS) {
    const scope = (API_KEY_SCOPES as readonly string[]).includes(p);
    lines.push(`| \`${p}\` | ${roles.map((r) => mark(ROLE_PERMISSIONS[r].includes(p))).join(' | ')} | ${mark(scope)} |`);
  }
  return lines.join('\n');
}

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function roleAllows(role: TeamRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
