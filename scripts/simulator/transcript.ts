/**
 * What happened on a simulated call, in virtual-time order: structured entries for tests, and a
 * stable text for people. Parties are named by agent id when the number belongs to an agent.
 */

export interface RingTarget {
  /** Agent id, `customer`, or the number when nobody is known by it. */
  who: string;
  number: string;
  agentId: string | null;
}

export interface HelpdeskEventSummary {
  seq: number;
  type: string;
  /** The few fields that tell one call from another: agent, cause, reason, recording, text. */
  detail: Record<string, string | number | boolean | null>;
}

type At = { t: number };

export type TranscriptEntry = At &
  (
    | { kind: 'call'; callSid: string; from: string; to: string; how: 'inbound' | 'studio' | 'click-to-call' | 'browser'; carrier: string }
    | { kind: 'heard'; who: string; say?: string; play?: string; digits?: string }
    | { kind: 'ring'; wave: number; via: 'dial' | 'rest'; targets: RingTarget[]; timeout: number }
    | { kind: 'pickup'; who: string; number: string; voicemail: boolean }
    | { kind: 'pressed'; who: string; digits: string }
    | { kind: 'no-input'; who: string }
    | { kind: 'leg-ended'; who: string; number: string; status: string }
    | { kind: 'bridged'; who: string; with: string }
    | { kind: 'dial-ended'; who: string; status: string; duration: number }
    | { kind: 'queued'; who: string; queue: string; position: number }
    | { kind: 'dequeued'; who: string; queue: string; by: string }
    | { kind: 'left-queue'; who: string; queue: string; result: string }
    | { kind: 'recorded'; who: string; seconds: number; recordingUrl: string | null; transcript: string | null }
    | { kind: 'transcribed'; who: string; status: string; text: string | null }
    | { kind: 'hangup'; who: string; by: 'party' | 'twiml' | 'reject' | 'end-of-twiml' | 'studio' | 'end-of-xml'; status: string }
    | { kind: 'studio'; widget: string; type: string; event: string | null; next: string | null }
    | { kind: 'http'; method: string; url: string; purpose: string; status: number }
    | { kind: 'helpdesk'; callSid: string; events: HelpdeskEventSummary[]; delivered: Record<string, number>; found: boolean }
    | { kind: 'note'; text: string }
  );

export type EntryOf<K extends TranscriptEntry['kind']> = Extract<TranscriptEntry, { kind: K }>;

/** Distributes Omit over the union, so each kind keeps its own fields. */
type WithoutTime<E> = E extends TranscriptEntry ? Omit<E, 't'> : never;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];

  constructor(private readonly now: () => number) {}

  add(entry: WithoutTime<TranscriptEntry>): void {
    this.entries.push({ t: this.now(), ...entry } as TranscriptEntry);
  }

  of<K extends TranscriptEntry['kind']>(kind: K): Array<EntryOf<K>> {
    return this.entries.filter((e): e is EntryOf<K> => e.kind === kind);
  }

  /** The text printed by the CLI; `verbose` adds every webhook and callback posted. */
  text(options: { verbose?: boolean } = {}): string {
    return this.entries
      .filter((e) => options.verbose || e.kind !== 'http')
      .map((e) => `${stamp(e.t)}  ${line(e)}`)
      .join('\n');
  }
}

/** The answers most scenarios ask of a call, derived from the entries. */
export interface TranscriptSummary {
  /** Who rang, per wave (a <Dial>) or per REST offer, in order. */
  rang: string[][];
  pickedUp: string[];
  pressed: Array<{ who: string; digits: string }>;
  /** The agent (or customer) the caller was connected to, if anyone. */
  winner: string | null;
  voicemail: { seconds: number; transcript: string | null } | null;
  callStatus: string | null;
  helpdeskEvents: string[];
  /** The missed-call reason on the stored `ended` event; null when answered or not ended. */
  missedReason: string | null;
  studioPath: string[];
}

export function summarize(entries: readonly TranscriptEntry[], callerWho = 'caller'): TranscriptSummary {
  const of = <K extends TranscriptEntry['kind']>(kind: K) => entries.filter((e): e is EntryOf<K> => e.kind === kind);
  const bridged = of('bridged');
  const recorded = of('recorded').find((r) => r.who === callerWho);
  const transcribed = of('transcribed').find((r) => r.who === callerWho);
  const ended = of('hangup').find((h) => h.who === callerWho) ?? of('leg-ended').find((h) => h.who === callerWho);
  const helpdesk = of('helpdesk')[0];
  return {
    rang: of('ring').map((r) => r.targets.map((t) => t.who)),
    pickedUp: of('pickup').map((p) => p.who),
    pressed: of('pressed').map(({ who, digits }) => ({ who, digits })),
    winner: bridged.length > 0 ? bridged[0].who : null,
    voicemail: recorded ? { seconds: recorded.seconds, transcript: transcribed?.text ?? null } : null,
    callStatus: ended?.status ?? null,
    helpdeskEvents: helpdesk ? helpdesk.events.map((e) => e.type) : [],
    missedReason: (helpdesk?.events.find((e) => e.type === 'ended')?.detail.missedReason as string | null | undefined) ?? null,
    studioPath: of('studio').map((s) => s.widget),
  };
}

function stamp(t: number): string {
  const whole = Math.floor(t);
  const tenths = Math.round((t - whole) * 10);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${tenths === 10 ? 9 : tenths}`;
}

function line(e: TranscriptEntry): string {
  switch (e.kind) {
    case 'call':
      return e.how === 'click-to-call'
        ? `click-to-call ${e.callSid}: ${e.from} calls ${e.to} (${e.carrier})`
        : `${e.from} calls ${e.to} (${e.carrier}${e.how === 'studio' ? ', Studio flow' : ''}), call ${e.callSid}`;
    case 'heard':
      if (e.say !== undefined) return `${e.who} hears: "${e.say}"`;
      if (e.digits !== undefined) return `${e.who} hears tones ${e.digits}`;
      return `${e.who} hears audio ${e.play}`;
    case 'ring':
      return `${e.via === 'rest' ? 'calls (REST)' : `rings wave ${e.wave}`}: ${e.targets.map((t) => (t.who === t.number ? t.number : `${t.who} ${t.number}`)).join(', ')} (timeout ${e.timeout} s)`;
    case 'pickup':
      return `${e.who} picks up${e.voicemail ? ' (personal voicemail)' : ''}`;
    case 'pressed':
      return `${e.who} presses ${e.digits}`;
    case 'no-input':
      return `${e.who} presses nothing (prompt timed out)`;
    case 'leg-ended':
      return `${e.who}'s phone: ${e.status}`;
    case 'bridged':
      return `${e.who} is connected to ${e.with}`;
    case 'dial-ended':
      return `${e.who}'s dial ends: ${e.status}${e.duration ? `, ${e.duration} s` : ''}`;
    case 'queued':
      return `${e.who} waits in queue ${e.queue} at position ${e.position}`;
    case 'dequeued':
      return `${e.by} takes ${e.who} from queue ${e.queue}`;
    case 'left-queue':
      return `${e.who} leaves queue ${e.queue}: ${e.result}`;
    case 'recorded':
      return e.seconds > 0 ? `${e.who} leaves a ${e.seconds} s recording ${e.recordingUrl}` : `${e.who} records nothing`;
    case 'transcribed':
      return e.status === 'completed' ? `transcript of ${e.who}'s recording: "${e.text}"` : `transcription of ${e.who}'s recording: ${e.status}`;
    case 'hangup': {
      const how = { party: 'hangs up', twiml: 'is hung up by <Hangup>', reject: 'is rejected', 'end-of-twiml': 'is hung up (TwiML ended)', studio: 'is hung up (flow ended)', 'end-of-xml': 'is hung up (dial plan ended)' }[e.by];
      return `${e.who} ${how}: ${e.status}`;
    }
    case 'studio':
      return `studio ${e.widget} (${e.type}) → ${e.event ?? '(end)'}${e.next ? ` → ${e.next}` : ''}`;
    case 'http':
      return `${e.purpose}: ${e.method} ${e.url} → ${e.status}`;
    case 'helpdesk': {
      if (!e.found) return `helpdesk: no call record for ${e.callSid}`;
      const events = e.events.map((ev) => `${ev.type}${detailText(ev.detail)}`).join(', ');
      const sinks = Object.entries(e.delivered);
      const delivery = sinks.length === 0 ? 'no helpdesk configured: they stay in the outbox' : sinks.map(([sink, n]) => `${sink} took ${n}/${e.events.length}`).join(', ');
      return `helpdesk events: ${events || '(none)'}; ${delivery}`;
    }
    case 'note':
      return `note: ${e.text}`;
  }
}

function detailText(detail: Record<string, unknown>): string {
  const parts = Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? ` (${parts.join(' ')})` : '';
}
