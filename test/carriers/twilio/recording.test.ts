import { twilioRecording } from '../../../src/carriers/twilio/recording';

describe('a Twilio recording from its callback parameters', () => {
  it.each([
    ['1', false],
    ['2', true],
    ['120', true],
    ['121', false],
    [undefined, false],
  ])('RecordingDuration %s: transcript expected %s (Twilio transcribes 2 to 120 seconds)', (duration, expected) => {
    const params = { RecordingSid: 'RE1', ...(duration === undefined ? {} : { RecordingDuration: duration }) };
    expect(twilioRecording(params, 'https://api.twilio.com/r')).toMatchObject({ url: 'https://api.twilio.com/r', sid: 'RE1', transcribing: expected });
  });
});
