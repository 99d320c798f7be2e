import { MemoryItemMap, type ItemMap } from '../../src/store';

export interface MemoryMaps {
  /** The same map for the same name, as a Sync service gives. */
  map<T>(name: string): ItemMap<T>;
}

/** In-memory maps for domain tests that need storage, not a Sync server. */
export function memoryMaps(now: () => number = Date.now): MemoryMaps {
  const maps = new Map<string, MemoryItemMap<unknown>>();
  return {
    map<T>(name: string): ItemMap<T> {
      if (!maps.has(name)) maps.set(name, new MemoryItemMap<unknown>(name, now));
      return maps.get(name) as unknown as ItemMap<T>;
    },
  };
}
