// Bundles the scripts into src/Bridgehead.Management/wwwroot with esbuild: JsSIP from node_modules
// (no CDN) as the global JsSIP in jssip.js, which the phone page and the browser steps of
// `bridgehead doctor` load, and the phone's and the dashboard's own code. The pages and the style
// sheet need no build: the Management project embeds them from web/src as they are.
//   npm ci && npm run build     (the Management project's BuildWebAssets target runs this when
//                                node_modules is there; the built files are committed)
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'Bridgehead.Management', 'wwwroot');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { phone: join(here, 'src', 'phone.js'), dashboard: join(here, 'src', 'dashboard.js'), jssip: join(here, 'src', 'jssip.js') },
  outdir: out,
  bundle: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
