/**
 * The helpdesk's answer to "who is already looking after this caller?": the agent who owns the
 * caller's open ticket, rung alone before everyone else.
 */
export interface TicketOwnerLookup {
  /**
   * The agent id of the owner of the caller's most recently updated open ticket, or null when the
   * caller is unknown, has no open ticket with an owner, or the helpdesk could not be asked in time.
   * Never throws: a slow helpdesk must not hold up the call.
   */
  ownerOf(call: CallerOfCall): Promise<string | null>;
}

export interface CallerOfCall {
  callId: string;
  callerNumber: string | undefined;
  /** Whether the helpdesk was told of the call before (a Studio flow reports it before routing). */
  reported: boolean;
}
