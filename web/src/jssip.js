// JsSIP on its own, as the global JsSIP: what `bridgehead doctor` loads in its headless browser
// (the same pinned JsSIP as the web phone, so the doctor needs no npm on the operator's machine).
import JsSIP from 'jssip';

window.JsSIP = JsSIP;
