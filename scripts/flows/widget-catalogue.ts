/**
 * The Studio widget types the lint knows: the transition events each may have and the properties it
 * cannot do without. Read from Studio's widget docs and exported flows (research section 6.1).
 * Entries marked UNCONFIRMED are best readings that no document we read states outright; a flow that
 * trips over one should make us check Studio (the online validator is the authority).
 */

export interface WidgetSpec {
  events: readonly string[];
  /** Each entry is one requirement: a property name, or several of which at least one must be set. */
  required: ReadonlyArray<string | readonly string[]>;
  /** Events a widget may list more than once (split-based-on's `match`, one per branch). */
  repeatable?: readonly string[];
}

export const WIDGETS: Readonly<Record<string, WidgetSpec>> = {
  trigger: {
    events: ['incomingMessage', 'incomingCall', 'incomingConversationMessage', 'incomingRequest', 'incomingParent'],
    required: [],
  },
  'split-based-on': { events: ['noMatch', 'match'], required: ['input'], repeatable: ['match'] },
  'set-variables': { events: ['next'], required: ['variables'] },
  'say-play': { events: ['audioComplete'], required: [['say', 'play']] },
  // No property is strictly required: a gather may prompt nothing (UNCONFIRMED that Studio accepts it).
  'gather-input-on-call': { events: ['keypress', 'speech', 'timeout'], required: [] },
  // `noun` values other than `number` (number-multi, client, sip, conference) are UNCONFIRMED.
  'connect-call-to': { events: ['callCompleted', 'hangup'], required: ['noun', 'to'] },
  'record-voicemail': { events: ['recordingComplete', 'noAudio', 'hangup'], required: [] },
  // Events by analogy with send-to-flex: UNCONFIRMED. Either a queue or a TaskRouter workflow.
  'enqueue-call': { events: ['callComplete', 'failedToEnqueue', 'callFailure'], required: [['queue_name', 'workflow_sid']] },
  'run-function': { events: ['success', 'fail'], required: ['service_sid', 'environment_sid', 'function_sid', 'url'] },
  'make-http-request': { events: ['success', 'failed'], required: ['method', 'url'] },
  'add-twiml-redirect': { events: ['return', 'timeout', 'fail'], required: ['url'] },
  'send-to-flex': { events: ['callComplete', 'failedToEnqueue', 'callFailure'], required: ['workflow', 'channel'] },
  // Events UNCONFIRMED.
  'run-subflow': { events: ['completed', 'failed'], required: ['flow_sid'] },
  'send-message': { events: ['sent', 'failed'], required: ['body'] },
  'send-and-wait-for-reply': { events: ['incomingMessage', 'timeout', 'deliveryFailure'], required: ['body'] },
};

/** Keys a flow definition has at the top level (Studio exports exactly these). */
export const FLOW_KEYS = ['description', 'states', 'initial_state', 'flags'] as const;

/** Keys each state (widget) has. */
export const STATE_KEYS = ['name', 'type', 'transitions', 'properties'] as const;

/** Keys a transition may have. */
export const TRANSITION_KEYS = ['event', 'next', 'conditions'] as const;

/**
 * Widget names as the Studio editor allows them: letters, digits and underscores (UNCONFIRMED in
 * the docs we read; it is also what keeps `{{widgets.name}}` a plain Liquid path).
 */
export const WIDGET_NAME = /^[A-Za-z0-9_]+$/;

/** The Liquid namespaces of a Studio execution (docs glossary "Studio Flow Context"). */
export const LIQUID_ROOTS = ['flow', 'trigger', 'widgets', 'contact'] as const;
