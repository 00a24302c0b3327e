// Builds the web phone and dashboard into src/Bridgehead.Management/wwwroot: the two scripts
// bundled by esbuild (JsSIP from node_modules, no CDN), the pages and the style sheet copied;
// and JsSIP alone as a global (jssip.js), for the browser steps of `bridgehead doctor`.
//   npm ci && npm run build     (the Management project's BuildWebAssets target runs this when
//                                node_modules is there; the built files are committed)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'Bridgehead.Management', 'wwwroot');
mkdirSync(join(out, 'dashboard'), { recursive: true });
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
copyFileSync(join(here, 'src', 'phone.html'), join(out, 'index.html'));
copyFileSync(join(here, 'src', 'dashboard.html'), join(out, 'dashboard', 'index.html'));
copyFileSync(join(here, 'src', 'style.css'), join(out, 'style.css'));
