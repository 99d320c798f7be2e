import * as twilioSid from '../twilio-emulator-kit/twilio-sid';

/** The sid types this emulator serves (the spec's patterns, e.g. ^CA[0-9a-fA-F]{32}$). */
export type SidPrefix = 'AC' | 'AP' | 'CA' | 'QU' | 'RE';

export const newSid: (prefix: SidPrefix) => string = twilioSid.newSid;
export const isSid: (prefix: SidPrefix, value: string) => boolean = twilioSid.isSid;
