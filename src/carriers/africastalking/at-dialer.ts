import AfricasTalking from 'africastalking';
import type { AgentDialer, AgentOffer } from '../../calls/agent-dialer';

export interface AtDialerSettings {
  username: string;
  apiKey: string;
  phoneNumber: string;
  /** Send the Voice API somewhere else (a local fake); unset = Africa's Talking. */
  apiUrl?: string;
}

export class AtCallError extends Error {
  constructor(message: string) {
    super(`Africa's Talking did not place the call: ${message}`);
    this.name = 'AtCallError';
  }
}

interface CallEntry {
  status?: string;
  sessionId?: string;
  phoneNumber?: string;
}

/**
 * Click-to-call through Africa's Talking's Voice API (the official SDK). The agent's phone is
 * called first; when AT asks for that session's dial plan we connect the customer.
 */
export class AtDialer implements AgentDialer {
  readonly carrier = 'africastalking' as const;

  constructor(private readonly settings: AtDialerSettings) {}

  async call(offer: AgentOffer): Promise<string> {
    if (this.settings.apiUrl) pointSdkAt(this.settings.apiUrl);
    const { VOICE } = AfricasTalking({ username: this.settings.username, apiKey: this.settings.apiKey });
    let answer: { entries?: CallEntry[]; errorMessage?: string };
    try {
      answer = await VOICE.call({ callFrom: this.settings.phoneNumber, callTo: [offer.number] });
    } catch (error) {
      throw new AtCallError(typeof error === 'string' ? error : (error as Error).message);
    }
    const entry = answer.entries?.[0];
    if (!entry?.sessionId || entry.status !== 'Queued') {
      throw new AtCallError(`${entry?.status ?? 'no entry'}${answer.errorMessage && answer.errorMessage !== 'None' ? `: ${answer.errorMessage}` : ''}`);
    }
    return entry.sessionId;
  }

  async frontOfQueue(): Promise<string | null> {
    throw new Error('Africa\'s Talking has no queue API; its calls are queued as a sequential dial');
  }
}

/** The SDK has no base-URL option; it reads this module-level setting at call time. */
function pointSdkAt(url: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const common = require('africastalking/lib/common') as { VOICE_URL: string };
  common.VOICE_URL = url;
}
