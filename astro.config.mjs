import alpinejs from '@astrojs/alpinejs';
import cloudflare from '@astrojs/cloudflare';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  srcDir: './site',
  publicDir: './site/public',
  session: false,
  adapter: cloudflare({ imageService: 'passthrough' }),
  integrations: [alpinejs()],
});
