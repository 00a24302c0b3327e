namespace Bridgehead.Doctor.Browser;

/// <summary>
/// The page the doctor's browser loads: JsSIP user agents as a web phone builds them (no
/// STUN/TURN, rtcp-mux required, bundle), one per id, that answer every call at once, and
/// report what they saw: the SDP they received, why a call failed, ICE/DTLS states and RTP
/// counts from getStats, and when their WebSocket closed.
/// </summary>
internal static class DoctorPage
{
    public const string Html = """
<!doctype html>
<html><head><meta charset="utf-8"><title>Bridgehead doctor</title><script src="/jssip.js"></script></head>
<body><script>
const PC = { iceServers: [], rtcpMuxPolicy: 'require', bundlePolicy: 'max-bundle' };
const MEDIA = { audio: true, video: false };
const phones = {};
const sleep = (ms) => new Promise(r => setTimeout(r, ms));
function expiresOf(ua, response, fallback) {
  let e = null;
  const own = ua.contact && ua.contact.uri ? ua.contact.uri.user : null;
  for (const c of response.getHeaders('Contact')) {
    const m = /;\s*expires\s*=\s*(\d+)/i.exec(c);
    if (m && (!own || c.includes(own))) e = e === null ? +m[1] : Math.min(e, +m[1]);
  }
  if (e === null && response.hasHeader('Expires')) e = +response.getHeader('Expires');
  return e === null ? fallback : e;
}
function onIncoming(p, e) {
  const call = { from: e.request.from.uri.user, receivedSdp: e.request.body || '', state: 'pending' };
  p.incoming.push(call); p.current = e.session;
  e.session.on('confirmed', () => { call.state = 'confirmed'; });
  e.session.on('failed', (x) => { call.state = 'failed'; call.failure = x.cause; });
  e.session.on('ended', () => { if (call.state === 'pending') call.state = 'ended'; });
  try { e.session.answer({ mediaConstraints: MEDIA, pcConfig: PC }); } catch (err) { call.state = 'failed'; call.failure = 'answer threw: ' + err; }
}
window.doctor = {
  async register(id, user, password, url, domain, expires, timeoutMs) {
    const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(url)], uri: `sip:${user}@${domain}`, password,
      register: true, register_expires: expires, session_timers: false,
      connection_recovery_min_interval: 2, connection_recovery_max_interval: 30 });
    const p = { ua, events: [], registrations: [], incoming: [], current: null };
    phones[id] = p;
    ua.on('disconnected', (e) => p.events.push({ at: Date.now(), code: e && e.code, reason: e && e.reason }));
    ua.on('newRTCSession', (e) => { if (e.originator === 'remote') onIncoming(p, e); });
    const result = new Promise((resolve) => {
      const t = setTimeout(() => resolve({ ok: false, why: 'timeout' }), timeoutMs);
      ua.on('registered', (e) => { clearTimeout(t); const r = { at: Date.now(), expires: expiresOf(ua, e.response, expires) };
        p.registrations.push(r); resolve({ ok: true, status: e.response.status_code, reason: e.response.reason_phrase, expires: r.expires }); });
      ua.on('registrationFailed', (e) => { clearTimeout(t);
        resolve({ ok: false, status: e.response ? e.response.status_code : null, reason: e.response ? e.response.reason_phrase : null, why: e.cause }); });
    });
    ua.start();
    return await result;
  },
  connection(id) {
    const p = phones[id]; const regs = p.registrations;
    if (!regs.length) return { expires: null, closedAfterMs: null, detail: null };
    // Every registration is judged, not only the latest: JsSIP reconnects 2 s after a close and
    // registers again, so the latest registration may be younger than the connection's lifetime
    // when the doctor looks (3 s lifetime + 2 s = a 5 s cycle, and a hold of 5 or 10 s lands on it).
    const closes = p.events.filter(e => e.at >= regs[0].at);
    for (const d of closes) {
      let r = null;
      for (const x of regs) if (x.at <= d.at) r = x;
      if (d.at - r.at < r.expires * 1000) {
        const seen = `${closes.length} close${closes.length === 1 ? '' : 's'} and ${regs.length} registration${regs.length === 1 ? '' : 's'} in ${((Date.now() - regs[0].at) / 1000).toFixed(1)} s`;
        return { expires: r.expires, closedAfterMs: d.at - r.at, detail: `close code ${d.code}${d.reason ? ' ' + d.reason : ''}; ${seen}` };
      }
    }
    return { expires: regs[regs.length - 1].expires, closedAfterMs: null, detail: null };
  },
  async call(id, target, domain, timeoutMs) {
    const p = phones[id]; const out = { receivedSdp: null };
    const s = p.ua.call(`sip:${target}@${domain}`, { mediaConstraints: MEDIA, pcConfig: PC });
    p.current = s;
    s.on('sdp', (e) => { if (e.originator === 'remote') out.receivedSdp = e.sdp; });
    out.state = await new Promise((resolve) => {
      const t = setTimeout(() => resolve('timeout'), timeoutMs);
      s.on('confirmed', (e) => { clearTimeout(t); out.status = 200; resolve('confirmed'); });
      s.on('failed', (e) => { clearTimeout(t); out.failure = e.cause;
        if (e.message && e.message.status_code) { out.status = e.message.status_code; out.reason = e.message.reason_phrase; }
        resolve('failed'); });
    });
    return out;
  },
  async incoming(id, timeoutMs) {
    const p = phones[id]; const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const c = p.incoming.find(x => x.state !== 'pending');
      if (c) { p.incoming.splice(p.incoming.indexOf(c), 1); return c; }
      await sleep(100);
    }
    return p.incoming.length ? p.incoming.shift() : null;
  },
  async stats(id) {
    const s = phones[id].current; const r = { packetsSent: 0, packetsReceived: 0 };
    if (!s || !s.connection) return r;
    const pc = s.connection; r.iceState = pc.iceConnectionState;
    (await pc.getStats()).forEach(x => {
      if (x.type === 'inbound-rtp' && x.kind === 'audio') r.packetsReceived = x.packetsReceived;
      if (x.type === 'outbound-rtp' && x.kind === 'audio') r.packetsSent = x.packetsSent;
      if (x.type === 'transport' && x.dtlsState) r.dtlsState = x.dtlsState;
    });
    return r;
  },
  hangup(id) { const p = phones[id]; const s = p.current; if (s && !s.isEnded()) s.terminate(); p.current = null; return true; },
  async unregister(id) { const p = phones[id]; if (!p) return true; p.ua.stop(); await sleep(500); delete phones[id]; return true; },
};
</script></body></html>
""";
}
