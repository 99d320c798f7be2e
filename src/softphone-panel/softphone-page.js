/**
 * /softphone.html: the panel for the agent whose softphone link opened the page, on the carrier
 * the token names. The vendors' SDKs are bundled in by scripts/build.ts (no CDN).
 */
const { Device } = require('@twilio/voice-sdk');
const Africastalking = require('./africastalking-sdk');
const { createSoftphonePanel } = require('./panel');
const { twilioPhone } = require('./twilio-phone');
const { atPhone } = require('./at-phone');
const { createLinkService } = require('./link-service');

const service = createLinkService({ search: location.search, sendBeacon: navigator.sendBeacon && navigator.sendBeacon.bind(navigator) });
document.getElementById('agent').textContent = service.link.agent || 'no agent';
const panel = createSoftphonePanel({
  root: document.getElementById('softphone'),
  service,
  phones: {
    twilio: twilioPhone(Device),
    africastalking: atPhone(Africastalking.Client, { placeCall: service.placeCall }),
  },
});
addEventListener('pagehide', () => void panel.stop());
void panel.start();
