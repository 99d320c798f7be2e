import type { AgentDialer, AgentOffer } from '../../calls/agent-dialer';
import type { TwilioClient } from '../../store';
import { ROUTES } from './routes';

/** Twilio refused to place a call (a number it cannot call, a caller id the account may not use) or could not be reached. */
export class TwilioCallError extends Error {
  constructor(message: string, readonly code?: number) {
    super(`Twilio did not place the call: ${message}${code ? ` (Twilio error ${code})` : ''}`);
    this.name = 'TwilioCallError';
  }
}

/** AgentDialer on Twilio's REST API. REST-created calls need absolute callback URLs, hence the base. */
export class TwilioAgentDialer implements AgentDialer {
  readonly carrier = 'twilio' as const;

  constructor(
    private readonly client: TwilioClient,
    private readonly webhookBase: string,
  ) {}

  async call(offer: AgentOffer): Promise<string> {
    const whisper =
      offer.purpose === 'queue'
        ? ROUTES.whisper.url({ agentId: offer.agentId, callId: offer.callId })
        : ROUTES.outboundWhisper.url({ agentId: offer.agentId, customer: offer.customerNumber });
    // A click-to-call's agent call is the call itself: its status is the whole call's.
    const status = offer.purpose === 'queue' ? ROUTES.agentStatus.url({ agentId: offer.agentId, callId: offer.callId }) : ROUTES.status.url();
    try {
      const call = await this.client.calls.create({
        to: offer.number,
        from: offer.callerId,
        url: this.webhookBase + whisper,
        timeout: offer.timeoutSeconds,
        statusCallback: this.webhookBase + status,
        statusCallbackEvent: ['completed'],
      });
      return call.sid;
    } catch (error) {
      throw new TwilioCallError((error as Error).message, (error as { code?: number }).code);
    }
  }

  async frontOfQueue(queueName: string): Promise<string | null> {
    const queue = (await this.client.queues.list({ pageSize: 1000 })).find((q) => q.friendlyName === queueName);
    if (!queue || queue.currentSize === 0) return null;
    try {
      return (await this.client.queues(queue.sid).members('Front').fetch()).callSid;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }
}
