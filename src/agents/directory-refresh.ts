import { ItemExistsError, type ItemMap } from '../store';
import type { AgentRegistry } from './agent-registry';
import type { AgentDirectory } from './directory';
import { log } from '../logging/masked-log';

export interface RefreshMark {
  at: string;
}

/**
 * Keeps the agent map in line with a remote directory (the helpdesk) on a short cache: the first
 * Function to find the cache expired (a TTL'd create-if-absent mark) refreshes; the rest go on.
 * A failed refresh keeps the agents as they were.
 */
export class DirectoryRefresh {
  constructor(
    private readonly directory: AgentDirectory,
    private readonly registry: AgentRegistry,
    private readonly marks: ItemMap<RefreshMark>,
    private readonly cacheSeconds: number,
  ) {}

  async refreshIfDue(): Promise<void> {
    try {
      await this.marks.create('refreshed', { at: new Date().toISOString() }, { ttl: this.cacheSeconds });
    } catch (error) {
      if (error instanceof ItemExistsError) return;
      throw error;
    }
    await this.registry.syncFrom(this.directory).catch((error: unknown) => {
      log.error(`agent directory refresh failed, keeping the agents as they are: ${(error as Error).message}`);
    });
  }

  /** An explicit refresh (POST /zammad/sync-agents): errors reach the caller. */
  now() {
    return this.registry.syncFrom(this.directory);
  }
}
