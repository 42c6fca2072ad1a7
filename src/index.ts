import { createApp } from './app';
import type { Env } from './env';

const app = createApp();

/**
 * A request body nobody read (a refused POST, say) is drained before the invocation ends: local
 * `wrangler dev` otherwise loses the keep-alive connection and breaks the next request on it.
 */
async function drainBody(request: Request): Promise<void> {
  if (request.body === null || request.bodyUsed) return;
  try {
    const reader = request.body.getReader();
    while (!(await reader.read()).done) {}
  } catch {
    // The client went away; nothing left to drain.
  }
}

export default {
  async fetch(request, env, ctx) {
    try {
      return await app.fetch(request, env, ctx);
    } finally {
      await drainBody(request);
    }
  },
} satisfies ExportedHandler<Env>;
