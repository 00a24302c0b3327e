// The Bridgehead web phone: JsSIP over the edge's WSS port, with level meters (WebAudio
// analysers of the local and remote streams) and packet counters from getStats (a headless
// browser's fake microphone can sound silent, packets still count).
// JsSIP comes from /jssip.js, loaded by the page before this script (one copy for the phone and the doctor).
const { JsSIP } = window;

const $ = (id) => document.getElementById(id);
const PC_CONFIG = { iceServers: [], rtcpMuxPolicy: 'require', bundlePolicy: 'max-bundle' };
const MEDIA = { audio: true, video: false };

// What a test (or a curious person in the console) can read.
const state = window.bridgeheadPhone = {
  registered: false, registration: 'not registered', call: 'idle', callId: null,
  packetsSent: 0, packetsReceived: 0, localLevel: 0, remoteLevel: 0, calls: [],
};

let ua = null;
let session = null;
let statsTimer = null;
let audioContext = null;
const meters = { local: null, remote: null };

function defaultServer() {
  return location.protocol === 'https:' ? `wss://${location.host}` : `wss://${location.hostname}:7443`;
}

function hostOnly(h) { return h.startsWith('[') ? h : h.split(':')[0]; }

function restore() {
  const saved = JSON.parse(localStorage.getItem('bridgehead.phone') || '{}');
  if (saved.user) $('user').value = saved.user;
  $('server').value = saved.server || defaultServer();
  $('domain').value = saved.domain || hostOnly(location.hostname);
}

function setRegistration(text, registered) {
  state.registration = text;
  state.registered = registered;
  $('reg-status').textContent = text;
  $('register').disabled = registered;
  $('unregister').disabled = !ua;
  $('dial').disabled = !registered || !!session;
}

function setCall(text) {
  state.call = text;
  $('call-status').textContent = text;
  $('dial').disabled = !state.registered || !!session;
  $('hangup').disabled = !session;
}

function register(event) {
  event.preventDefault();
  if (ua) ua.stop();
  const user = $('user').value.trim();
  const server = $('server').value.trim() || defaultServer();
  const domain = $('domain').value.trim() || hostOnly(location.hostname);
  localStorage.setItem('bridgehead.phone', JSON.stringify({ user, server, domain }));
  ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(server)],
    uri: `sip:${user}@${domain}`,
    password: $('password').value,
    display_name: user,
    register: true,
    register_expires: 600,
    session_timers: false,
    user_agent: 'Bridgehead web phone (JsSIP)',
  });
  ua.on('connecting', () => setRegistration(`connecting to ${server}`, false));
  ua.on('disconnected', () => setRegistration(`disconnected from ${server}`, false));
  ua.on('registered', () => setRegistration(`registered as ${user}@${domain}`, true));
  ua.on('unregistered', () => setRegistration('not registered', false));
  ua.on('registrationFailed', (e) => setRegistration(`registration failed: ${e.cause}${e.response ? ` (${e.response.status_code} ${e.response.reason_phrase})` : ''}`, false));
  ua.on('newRTCSession', (e) => onSession(e.session, e.originator, e.request));
  setRegistration('connecting', false);
  ua.start();
}

function unregister() {
  if (session) session.terminate();
  if (ua) ua.stop();
  ua = null;
  setRegistration('not registered', false);
}

function dial(event) {
  event.preventDefault();
  if (!ua || session) return;
  const target = $('target').value.trim();
  const domain = $('domain').value.trim() || hostOnly(location.hostname);
  const uri = target.startsWith('sip:') ? target : `sip:${target}@${domain}`;
  ua.call(uri, { mediaConstraints: MEDIA, pcConfig: PC_CONFIG });
}

function onSession(s, originator, request) {
  if (session) {
    // One call at a time: a second incoming call is refused as busy.
    if (originator === 'remote') s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
    return;
  }

  session = s;
  state.callId = request.call_id;
  const record = { callId: request.call_id, direction: originator === 'remote' ? 'in' : 'out', peer: originator === 'remote' ? request.from.uri.toString() : request.to.uri.toString(), outcome: 'pending' };
  state.calls.push(record);
  s.on('peerconnection', (e) => watch(e.peerconnection));
  if (s.connection) watch(s.connection);
  if (originator === 'remote') {
    setCall(`incoming call from ${request.from.display_name || request.from.uri.user}`);
    $('answer').disabled = false;
  } else {
    setCall(`calling ${request.to.uri.user}`);
  }

  s.on('progress', () => setCall(originator === 'remote' ? state.call : 'ringing'));
  s.on('confirmed', () => { record.outcome = 'confirmed'; $('answer').disabled = true; setCall(`in call with ${record.peer}`); });
  s.on('ended', (e) => { record.outcome = `ended:${e.originator}:${e.cause}`; finish(`ended (${e.cause}, by ${e.originator})`); });
  s.on('failed', (e) => { record.outcome = `failed:${e.cause}`; finish(`failed (${e.cause})`); });
}

function answer() {
  if (!session) return;
  $('answer').disabled = true;
  session.answer({ mediaConstraints: MEDIA, pcConfig: PC_CONFIG });
}

function hangup() {
  if (session) session.terminate();
}

function finish(text) {
  session = null;
  clearInterval(statsTimer);
  statsTimer = null;
  meters.local = meters.remote = null;
  $('answer').disabled = true;
  $('remote-audio').srcObject = null;
  setCall(text);
}

function watch(pc) {
  if (pc.bridgeheadWatched) return;
  pc.bridgeheadWatched = true;
  state.packetsSent = state.packetsReceived = 0;
  pc.addEventListener('track', (e) => {
    const stream = e.streams[0] || new MediaStream([e.track]);
    // Chrome feeds a remote WebRTC stream to WebAudio only while a media element plays it.
    $('remote-audio').srcObject = stream;
    meters.remote = analyse(stream);
  });
  const local = () => {
    const tracks = pc.getSenders().map((x) => x.track).filter(Boolean);
    if (tracks.length > 0 && !meters.local) meters.local = analyse(new MediaStream(tracks));
  };
  clearInterval(statsTimer);
  statsTimer = setInterval(async () => {
    local();
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') state.packetsReceived = r.packetsReceived;
      if (r.type === 'outbound-rtp' && r.kind === 'audio') state.packetsSent = r.packetsSent;
    });
    $('local-packets').textContent = `${state.packetsSent} packets sent`;
    $('remote-packets').textContent = `${state.packetsReceived} packets received`;
  }, 500);
}

function analyse(stream) {
  audioContext = audioContext || new AudioContext();
  if (audioContext.state === 'suspended') audioContext.resume();
  const analyser = audioContext.createAnalyser();
  analyser.fftSize = 1024;
  audioContext.createMediaStreamSource(stream).connect(analyser);
  return { analyser, samples: new Float32Array(analyser.fftSize) };
}

function level(meter) {
  if (!meter) return 0;
  meter.analyser.getFloatTimeDomainData(meter.samples);
  let sum = 0;
  for (const v of meter.samples) sum += v * v;
  const rms = Math.sqrt(sum / meter.samples.length);
  // -60 dBFS .. 0 dBFS onto 0 .. 1.
  return rms <= 0 ? 0 : Math.max(0, Math.min(1, (20 * Math.log10(rms) + 60) / 60));
}

function draw() {
  state.localLevel = level(meters.local);
  state.remoteLevel = level(meters.remote);
  $('local-level').style.width = `${Math.round(state.localLevel * 100)}%`;
  $('remote-level').style.width = `${Math.round(state.remoteLevel * 100)}%`;
  requestAnimationFrame(draw);
}

restore();
$('register-form').addEventListener('submit', register);
$('unregister').addEventListener('click', unregister);
$('call-form').addEventListener('submit', dial);
$('answer').addEventListener('click', answer);
$('hangup').addEventListener('click', hangup);
window.addEventListener('pagehide', () => { if (ua) ua.stop(); });
requestAnimationFrame(draw);
