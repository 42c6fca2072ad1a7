/**
 * Ports, credentials and URLs of the local platform. One source for `npm run dev`, the test
 * harness and the Workers' dev vars, so every part agrees on where the others are.
 */
export interface LocalPorts {
  worker: number;
  relay: number;
  stock: number;
  pricing: number;
  marketplaceImport: number;
  webhooks: number;
  postgres: number;
  neon: number;
  redis: number;
  qstash: number;
}

/** `npm run dev` listens here; the QStash SDK's dev mode expects 127.0.0.1:8080. */
export const DEV_PORTS: LocalPorts = {
  worker: 8787,
  relay: 8788,
  stock: 8789,
  pricing: 8790,
  marketplaceImport: 8791,
  webhooks: 8792,
  postgres: 54329,
  neon: 4444,
  redis: 8079,
  qstash: 8080,
};

/**
 * The test harness uses its own ports so a running `npm run dev` never collides with `npm test`.
 * Slot n shifts every port by n × 100, so several test runs can share a machine.
 */
export function testPorts(slot: number): LocalPorts {
  return Object.fromEntries(Object.entries(TEST_PORTS).map(([name, port]) => [name, port + slot * 100])) as unknown as LocalPorts;
}

const TEST_PORTS: LocalPorts = {
  worker: 18787,
  relay: 18788,
  stock: 18789,
  pricing: 18790,
  marketplaceImport: 18791,
  webhooks: 18792,
  postgres: 54339,
  neon: 14444,
  redis: 18079,
  qstash: 18080,
};

/** Fixed local credentials: they guard nothing but loopback servers on a developer's machine. */
export const LOCAL_SECRETS = {
  redisToken: 'local-redis-token',
  // The QStash SDK's own dev-mode credentials, so `new Client()` in dev mode finds this server.
  qstashToken: 'eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=',
  qstashCurrentSigningKey: 'sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r',
  qstashNextSigningKey: 'sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs',
  appRolePassword: 'vitrine_app_local',
  ownerRolePassword: 'vitrine_owner_local',
  jwtSecret: 'local-jwt-secret-change-me-in-production-0123456789',
  /** Every demo account's password (DESIGN.md). */
  demoPassword: 'vitrine-demo',
} as const;

export const DATABASE_NAME = 'vitrine';
export const APP_ROLE = 'vitrine_app';
export const OWNER_ROLE = 'vitrine_owner';
