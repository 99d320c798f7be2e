/** The part of the official SDK (africastalking 0.8.3, untyped) this project uses. */
declare module 'africastalking' {
  interface VoiceCallOptions {
    callFrom: string;
    callTo: string | string[];
    clientRequestId?: string;
  }
  interface VoiceCallResult {
    entries?: Array<{ status?: string; sessionId?: string; phoneNumber?: string }>;
    errorMessage?: string;
  }
  interface AfricasTalkingClient {
    VOICE: { call(options: VoiceCallOptions): Promise<VoiceCallResult> };
  }
  function AfricasTalking(options: { username: string; apiKey: string; format?: 'json' | 'xml' }): AfricasTalkingClient;
  export = AfricasTalking;
}
