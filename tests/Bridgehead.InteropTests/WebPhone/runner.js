// Opens the web phone served by a running Bridgehead in headless Debian Chromium (playwright-core),
// registers, calls, counts packets, hangs up, and reads the dashboard while the call is up.
//   node runner.js '<json arguments>'   {url, user, password, target, token, holdMs}
// Prints RESULT <json> at the end. Bounded: every wait has a deadline, and a hard timer ends the process.
const { chromium } = require('playwright-core');
const fs = require('fs'), os = require('os'), path = require('path');

const args = JSON.parse(process.argv[2] || '{}');
const hard = setTimeout(() => { console.log('RESULT ' + JSON.stringify({ error: 'hard timeout' })); process.exit(2); }, args.hardTimeoutMs || 110000);
// Loopback ICE needs --allow-loopback-in-peer-connection; the generated certificate --ignore-certificate-errors;
// the fake devices give a microphone without a prompt.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns', '--ignore-certificate-errors',
  '--autoplay-policy=no-user-gesture-required'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const phoneState = (page) => page.evaluate(() => ({ ...window.bridgeheadPhone }));

async function until(page, predicate, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = await phoneState(page);
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify({ registration: state.registration, call: state.call })}`);
    await sleep(200);
  }
}

async function dashboardWhile(ctx, callId) {
  const page = await ctx.newPage();
  await page.goto(new URL('/dashboard/', args.url).toString());
  await page.fill('#token', args.token);
  await page.click('#token-form button[type=submit]');
  const out = {};
  // The address of record is "1000" (one domain) or "1000@domain" (Registrar:MultiDomain).
  await page.waitForFunction((user) => [...document.querySelectorAll('#registrations td')].some((td) => td.textContent === user || td.textContent.startsWith(user + '@')), args.user, { timeout: 15000 });
  out.registrations = await page.$$eval('#registrations tr', (rows) => rows.slice(1).map((r) => [...r.children].map((c) => c.textContent)));
  const row = `#calls tr[data-key="${callId.replace(/"/g, '\\"')}"]`;
  await page.waitForSelector(row, { timeout: 15000 });
  out.call = await page.$eval(row, (r) => [...r.children].map((c) => c.textContent));
  await page.click(row);
  await page.waitForSelector('#ladder svg g.message', { timeout: 15000 });
  out.ladder = await page.$$eval('#ladder svg g.message', (gs) => gs.map((g) => g.querySelectorAll('text')[0].textContent));
  await page.close();
  return out;
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-webphone-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS, timeout: 30000, ignoreHTTPSErrors: true });
  const result = {};
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    if (process.env.VERBOSE) page.on('console', (m) => console.log('[page]', m.text()));
    await page.goto(args.url);
    result.title = await page.title();
    result.defaultServer = await page.inputValue('#server');
    await page.fill('#user', args.user);
    await page.fill('#password', args.password || 'secret');
    await page.click('#register');
    result.registration = (await until(page, (s) => s.registered || /failed/.test(s.registration), 15000, 'register')).registration;
    if (!result.registration.startsWith('registered')) return result;

    await page.fill('#target', args.target);
    await page.click('#dial');
    const up = await until(page, (s) => /^(in call|failed|ended)/.test(s.call), 20000, 'call');
    result.call = up.call;
    result.callId = up.callId;
    if (up.call.startsWith('in call')) {
      await sleep(1500);
      const first = await phoneState(page);
      await sleep(args.holdMs || 2000);
      const second = await phoneState(page);
      result.packetsReceived = [first.packetsReceived, second.packetsReceived];
      result.packetsSent = [first.packetsSent, second.packetsSent];
      result.localLevel = second.localLevel;
      result.dashboard = await dashboardWhile(ctx, up.callId).catch((e) => ({ error: String(e) }));
      await page.click('#hangup');
      result.ended = (await until(page, (s) => /^(ended|failed)/.test(s.call), 10000, 'hang up')).call;
    } else {
      result.dashboard = await dashboardWhile(ctx, up.callId).catch((e) => ({ error: String(e) }));
    }
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return result;
}

main().then((result) => {
  console.log('RESULT ' + JSON.stringify(result));
  clearTimeout(hard);
  process.exit(0);
});
