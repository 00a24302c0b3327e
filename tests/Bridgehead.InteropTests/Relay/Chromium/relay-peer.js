// Headless Debian Chromium (through playwright-core) as a WebRTC peer of Bridgehead's relay.
// The test drives it over stdin/stdout, one JSON object per line:
//   node relay-peer.js offer   prints {"offer": sdp},  reads {"answer": sdp}, prints {"result": ...}
//   node relay-peer.js answer  reads {"offer": sdp},   prints {"answer": sdp}, prints {"result": ...}
// Every wait is bounded; the whole run ends after 60 s at the latest.
const { chromium } = require('playwright-core');
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

const mode = process.argv[2];
const hardStop = setTimeout(() => { console.error('relay-peer: hard timeout'); process.exit(3); }, 60000);
const lines = readline.createInterface({ input: process.stdin });
const pending = [];
let waiting = null;
lines.on('line', (line) => { if (waiting) { const w = waiting; waiting = null; w(line); } else pending.push(line); });
const nextLine = () => new Promise((resolve) => { if (pending.length) resolve(pending.shift()); else waiting = resolve; });
const send = (object) => process.stdout.write(JSON.stringify(object) + '\n');

const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  // Without it Chromium gathers no candidate on lo (shared/recipes/FINDINGS.md §1).
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
];

(async () => {
  const html = fs.readFileSync(path.join(__dirname, 'page.html'));
  const server = http.createServer((_, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(html); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bridgehead-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args, timeout: 30000,
  });
  let code = 1;
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (m) => console.error('[page]', m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    if (mode === 'offer') {
      send({ offer: await page.evaluate(() => window.createOffer()) });
      const { answer } = JSON.parse(await nextLine());
      await page.evaluate((sdp) => window.acceptAnswer(sdp), answer);
    } else {
      const { offer } = JSON.parse(await nextLine());
      send({ answer: await page.evaluate((sdp) => window.answerOffer(sdp), offer) });
    }
    send({ result: await page.evaluate(() => window.measure()) });
    code = 0;
  } catch (e) {
    console.error('relay-peer:', e && e.stack || e);
    send({ error: String(e && e.message || e) });
  } finally {
    await context.close().catch(() => {});
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    clearTimeout(hardStop);
    lines.close();
  }
  process.exit(code);
})();
