import * as twilioSid from '../twilio-emulator-kit/twilio-sid';

/** The SID types this emulator serves (the specs' patterns, e.g. ^FW[0-9a-fA-F]{32}$). */
export type SidPrefix = 'AC' | 'FW' | 'US' | 'ZS' | 'ZE' | 'ZB' | 'ZH' | 'ZN' | 'PN' | 'AP';

export const newSid: (prefix: SidPrefix) => string = twilioSid.newSid;
export const isSid: (prefix: SidPrefix, value: string) => boolean = twilioSid.isSid;
