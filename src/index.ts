import { Hono } from 'hono';
import { astro } from 'astro/hono';
import { cf } from '@astrojs/cloudflare/hono';

const app = new Hono<{ Bindings: { ROOT_DOMAIN: string } }>();
app.get('/api/v1/health', (c) => c.json({ status: 'ok' }));
app.use('*', cf());
app.use('*', async (c, next) => {
  const state = c.get('fetchState' as never) as { locals: Record<string, unknown> };
  state.locals.vendorName = c.req.header('host');
  await next();
});
app.all('*', astro());
export default app;
