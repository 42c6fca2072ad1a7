import type { Server } from 'node:http';

/**
 * workerd keeps connections to these local servers alive and reuses them. Node closes an idle
 * keep-alive socket after 5 s by default, and a request workerd sends on a socket the server is
 * closing fails with "Network connection lost". Idle sockets stay open far longer than workerd
 * keeps them, so the server is never the side that closes first.
 */
export function keepConnectionsAlive(server: Server): Server {
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1000;
  return server;
}
