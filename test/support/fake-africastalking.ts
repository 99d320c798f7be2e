/** Africa's Talking's Voice API on loopback: the simulator's, one fake for both (401 for another key). */
export { startAtVoiceApi as startFakeAfricasTalking, type AtVoiceApi as FakeAfricasTalking } from '../../scripts/simulator/at-voice-api';
export { atSessionId } from '../../scripts/simulator/at-callbacks';

/**
 * One Africa's Talking call session as its voice callback sees it: the first request
 * (isActive=1), notifications after input or when the dialled party answers, and the final
 * notice (isActive=0) with duration, cause and cost.
 */
export class AtSession {
  constructor(
    private readonly post: (params: Record<string, string>) => Promise<Response>,
    readonly sessionId: string,
    readonly callerNumber: string,
    readonly destinationNumber: string,
    readonly direction: 'Inbound' | 'Outbound' = 'Inbound',
  ) {}

  private base(isActive: '0' | '1'): Record<string, string> {
    return {
      isActive,
      sessionId: this.sessionId,
      direction: this.direction,
      callerNumber: this.callerNumber,
      destinationNumber: this.destinationNumber,
      callerCountryCode: 'KE',
      callerCarrierName: 'Safaricom',
      callStartTime: '2026-11-23+12:00:00',
    };
  }

  start(): Promise<Response> {
    return this.post({ ...this.base('1'), callSessionState: 'Ringing' });
  }

  dialAnswered(destination: string): Promise<Response> {
    return this.post({ ...this.base('1'), callSessionState: 'Active', dialDestinationNumber: destination });
  }

  recorded(recordingUrl: string, seconds: number): Promise<Response> {
    return this.post({ ...this.base('1'), callSessionState: 'Active', recordingUrl, durationInSeconds: String(seconds) });
  }

  final(extra: { hangupCause: string; durationInSeconds: number; dialDestinationNumber?: string; dialDurationInSeconds?: number; recordingUrl?: string }): Promise<Response> {
    const { hangupCause, durationInSeconds, dialDestinationNumber, dialDurationInSeconds, recordingUrl } = extra;
    return this.post({
      ...this.base('0'),
      callSessionState: 'Completed',
      status: 'Success',
      hangupCause,
      durationInSeconds: String(durationInSeconds),
      currencyCode: 'KES',
      amount: '1.5000',
      ...(dialDestinationNumber ? { dialDestinationNumber, dialDurationInSeconds: String(dialDurationInSeconds ?? 0), dialStartTime: '2026-11-23+12:00:05' } : {}),
      ...(recordingUrl ? { recordingUrl } : {}),
    });
  }
}
