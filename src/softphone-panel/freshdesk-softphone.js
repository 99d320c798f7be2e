/**
 * The Freshdesk app's copy of the panel and the carriers' SDKs (freshdesk-app/app/scripts/vendor/
 * softphone.js, made by scripts/build.ts): platform 3.0 apps load scripts from the app's own folder.
 */
const { Device } = require('@twilio/voice-sdk');
const Africastalking = require('./africastalking-sdk');
const { createSoftphonePanel } = require('./panel');
const { twilioPhone } = require('./twilio-phone');
const { atPhone } = require('./at-phone');

self.HelpdeskVoice = Object.assign(self.HelpdeskVoice || {}, {
  softphone: {
    createSoftphonePanel,
    phones: (service) => ({
      twilio: twilioPhone(Device),
      africastalking: atPhone(Africastalking.Client, { placeCall: service.placeCall }),
    }),
  },
});
