// Drives JsSIP in headless Debian Chromium (playwright-core) against a running Bridgehead.
//   node runner.js <scenario> '<json arguments>'
// Prints READY once its users are registered and waiting (scenarios that wait for a peer), and
// finally RESULT <json>. Bounded: every scenario ends within its own deadline, and a hard timer
// ends the process. Flags and pitfalls: see the project's recipes (loopback ICE needs
// --allow-loopback-in-peer-connection; the self-signed WSS certificate --ignore-certificate-errors).
const { chromium } = require('playwright-core');
const http = require('http'), fs = require('fs'), os = require('os'), path = require('path'), { execFileSync } = require('child_process');

const [scenario, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs || '{}');
const hard = setTimeout(() => { console.log('RESULT ' + JSON.stringify({ error: 'hard timeout' })); process.exit(2); }, (args.hardTimeoutMs || 100000));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns', '--ignore-certificate-errors'];
const OUT = path.join(__dirname, 'out');

function bundle() {
  fs.mkdirSync(OUT, { recursive: true });
  const target = path.join(OUT, 'jssip.js');
  if (!fs.existsSync(target)) {
    execFileSync(path.join(__dirname, 'node_modules/.bin/esbuild'), ['--bundle', require.resolve('jssip'), '--format=iife', '--global-name=JsSIP',
      '--outfile=' + target + '.tmp', '--log-level=warning']);
    fs.renameSync(target + '.tmp', target);
  }
  return target;
}

async function main() {
  const jssip = bundle();
  const files = { '/': [path.join(__dirname, 'page.html'), 'text/html'], '/jssip.js': [jssip, 'application/javascript'] };
  const web = http.createServer((q, s) => { const f = files[q.url.split('?')[0]]; if (!f) { s.writeHead(404); return s.end(); } s.writeHead(200, { 'content-type': f[1] }); s.end(fs.readFileSync(f[0])); });
  await new Promise(r => web.listen(0, '127.0.0.1', r));
  const pageUrl = `http://127.0.0.1:${web.address().port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS, timeout: 30000 });
  let result;
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    if (process.env.VERBOSE) page.on('console', m => console.log('[page]', m.text()));
    await page.goto(pageUrl);
    result = await run(ctx, page, pageUrl);
  } catch (e) {
    result = { error: String(e && e.stack || e) };
  } finally {
    await ctx.close().catch(() => {});
    web.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log('RESULT ' + JSON.stringify(result));
  clearTimeout(hard);
  process.exit(0);
}

async function run(ctx, page, pageUrl) {
  switch (scenario) {
    case 'register':
      return await page.evaluate(([u, url]) => registerOnly(u, url), [args.user, args.url]);
    case 'call':
      if (args.hangupBy) await page.evaluate((h) => { window.hangupBy = h; }, args.hangupBy);
      if (args.reinvite) await page.evaluate(() => { window.reinvite = true; });
      return await page.evaluate(([a, au, b, bu]) => callPair(a, au, b, bu), [args.caller, args.callerUrl, args.callee, args.calleeUrl]);
    case 'callcount':
      return await page.evaluate(([u, url, target, ms]) => callAndCount(u, url, target, ms), [args.user, args.url, args.target, args.holdMs || 2000]);
    case 'answer': {
      // ringOnly: calls ring (JsSIP sends 180) and are left unanswered, for the caller to cancel.
      if (args.ringOnly) await page.evaluate(() => { window.ringOnly = true; });
      const reg = await page.evaluate(([u, url]) => answerCalls(u, url), [args.user, args.url]);
      if (!reg.ok) return { registered: false, why: reg.why };
      console.log('READY');
      // Wait for the expected calls to finish (or the deadline), then report them.
      const deadline = Date.now() + (args.waitMs || 20000);
      while (Date.now() < deadline) {
        const calls = await page.evaluate(() => window.calls);
        if (calls.length >= (args.calls || 1) && calls.every(c => !/^(pending|accepted)$/.test(c.outcome))) break;
        await new Promise(r => setTimeout(r, 250));
      }
      return { registered: true, calls: await page.evaluate(() => window.calls) };
    }
    case 'pageclose': {
      const second = await ctx.newPage();
      await second.goto(pageUrl);
      const reg = await second.evaluate(([u, url]) => registerAndStay(u, url), [args.user, args.url]);
      if (!reg.ok) return { registered: false, why: reg.why };
      console.log('READY');
      // The test probes the binding, then says "close" on standard input.
      await new Promise((resolve) => { process.stdin.on('data', (d) => { if (String(d).includes('close')) resolve(); }); setTimeout(resolve, 20000); });
      await second.close({ runBeforeUnload: true });
      await new Promise(r => setTimeout(r, 1000));
      return { registered: true, closed: true };
    }
    default:
      return { error: 'unknown scenario ' + scenario };
  }
}

main();
