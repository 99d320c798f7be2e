import { initialState, type Agent } from '../../src/agents';

let counter = 0;

/** An available, idle agent with one number; override what the test is about. */
export function anAgent(overrides: Partial<Agent> = {}): Agent {
  counter += 1;
  const id = overrides.id ?? `agent-${counter}`;
  return {
    id,
    name: `Agent ${counter}`,
    helpdeskIds: {},
    phoneNumbers: [`+1415555${String(1000 + counter).slice(-4)}`],
    atClientName: null,
    phoneSwitch: true,
    outOfOffice: null,
    ...initialState(),
    ...overrides,
  };
}
