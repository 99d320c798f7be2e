import type { AgentProfile, Presence } from './agent';

/** A directory entry: the profile, plus the presence a newly seen agent starts with. */
export interface DirectoryEntry {
  profile: AgentProfile;
  initialPresence: Presence;
}

/** Where agent profiles come from: a local file, or the helpdesk's user list. */
export interface AgentDirectory {
  entries(): Promise<DirectoryEntry[]>;
}
