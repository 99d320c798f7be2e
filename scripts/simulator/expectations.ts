import type { Parties } from './parties';
import type { Expectations } from './scenario';
import type { TranscriptSummary } from './transcript';

/** Compares a run with the scenario's `expect` block; one line per difference, none when it holds. */
export function checkExpectations(expect: Expectations | undefined, summary: TranscriptSummary, parties: Parties): string[] {
  if (!expect) return [];
  // The transcript names agents by id; the scenario may use ids or numbers.
  const who = (ref: string) => (ref.startsWith('+') ? (parties.agentId(ref) ?? ref) : ref);
  const mismatches: string[] = [];
  const same = (what: string, expected: unknown, actual: unknown) => {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  if (expect.rang) same('rang', expect.rang.map((wave) => wave.map(who)), summary.rang);
  if (expect.pickedUp) same('pickedUp', expect.pickedUp.map(who), summary.pickedUp);
  if (expect.winner !== undefined) same('winner', expect.winner === null ? null : who(expect.winner), summary.winner);
  if (expect.voicemail !== undefined) {
    if (expect.voicemail === false || expect.voicemail === true) same('voicemail', expect.voicemail, summary.voicemail !== null && summary.voicemail.seconds > 0);
    else {
      same('voicemail', true, summary.voicemail !== null && summary.voicemail.seconds > 0);
      if (expect.voicemail.transcript !== undefined) same('voicemail transcript', expect.voicemail.transcript, summary.voicemail?.transcript ?? null);
    }
  }
  if (expect.events) same('helpdesk events', expect.events, summary.helpdeskEvents);
  if (expect.missedReason !== undefined) same('missedReason', expect.missedReason, summary.missedReason);
  if (expect.callStatus) same('callStatus', expect.callStatus, summary.callStatus);
  if (expect.studioPath) same('studioPath', expect.studioPath, summary.studioPath);
  return mismatches;
}
