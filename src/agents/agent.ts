/**
 * One agent as kept in the shared agent-state map: the profile that comes from a directory
 * (a local file or the helpdesk) and the live state that calls and the dashboard change.
 * Both carriers read and write these same items.
 */
export const PRESENCES = ['available', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export interface HelpdeskIds {
  zammad?: string;
  freshdesk?: string;
}

export interface OutOfOffice {
  /** ISO 8601 instants; the agent is away from `start` (inclusive) to `end` (exclusive). */
  start: string;
  end: string;
}

export interface AgentProfile {
  id: string;
  name: string;
  helpdeskIds: HelpdeskIds;
  /** E.164, in the order they are tried. */
  phoneNumbers: string[];
  /** Africa's Talking WebRTC/SIP client name, when the agent takes AT calls in a browser. */
  atClientName: string | null;
  /** The agent's own "take calls" switch (Zammad's `preferences.cti`). */
  phoneSwitch: boolean;
  outOfOffice: OutOfOffice | null;
  /**
   * Languages the agent takes calls in (BCP 47, e.g. "fr" or "fr-FR"). Empty or absent: any, as
   * the agent was never asked; profiles stored before the field existed lack it.
   */
  languages?: string[];
  /** The teams (helpdesk groups) the agent takes calls for; a line with a team rings only its members. Absent: none. */
  teams?: string[];
  /** How a helpdesk app names the agent (Freshdesk's logged-in agent); lower case. Absent: unknown. */
  email?: string | null;
}

export type AgentStatus =
  | { kind: 'idle' }
  | { kind: 'ringing'; callId: string; since: string }
  /** `until`: a busy status whose final callback never came stops counting then. */
  | { kind: 'busy'; callId: string; since: string; until: string };

export interface AgentState {
  presence: Presence;
  status: AgentStatus;
  /** When the agent's last call ended; null if they never had one. Drives longest-idle-first. */
  lastCallEndedAt: string | null;
}

/** An agent's open browser softphone: its last heartbeat (read from the softphone map, never stored in the agent map). */
export interface SoftphoneSeen {
  lastSeen: string;
  carrier: 'twilio' | 'africastalking';
}

export type Agent = AgentProfile &
  AgentState & {
    /** Set by AgentRegistry from the softphones' heartbeats; absent or null: no softphone open. */
    softphone?: SoftphoneSeen | null;
  };

export const AGENT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export function initialState(presence: Presence = 'available'): AgentState {
  return { presence, status: { kind: 'idle' }, lastCallEndedAt: null };
}

export function profileOf(agent: Agent): AgentProfile {
  const { id, name, helpdeskIds, phoneNumbers, atClientName, phoneSwitch, outOfOffice, languages = [], teams = [], email = null } = agent;
  return { id, name, helpdeskIds, phoneNumbers, atClientName, phoneSwitch, outOfOffice, languages, teams, email };
}
