import { AgentsFileError } from '../../src/agents';
import { ConfigError } from '../../src/config';
import { BusinessHoursError } from '../../src/routing/business-hours';
import { LinesError } from '../../src/routing/lines';

/**
 * What `npm start` says when it cannot start, in one line naming what failed and what to check.
 * Null for anything else: that is a bug of ours, and its stack is what helps.
 */
export function describeStartupFailure(error: unknown): string | null {
  if (error instanceof ConfigError) return `configuration error: ${error.problems.join('\n  ')}`;
  if (error instanceof AgentsFileError) return `${error.message}; check AGENTS_FILE and the file's format (see agents.example.json)`;
  if (error instanceof BusinessHoursError) return `${error.message}; check BUSINESS_HOURS or assets/business-hours.private.json`;
  if (error instanceof LinesError) return `${error.message}; check LINES or assets/lines.private.json`;
  const { code, port } = error as { code?: string; port?: number };
  if (code === 'EADDRINUSE') {
    return `${port ? `port ${port}` : 'a port'} is already in use; stop what runs there, or set PORT, SYNC_EMULATOR_PORT or VOICE_API_EMULATOR_PORT`;
  }
  return null;
}
