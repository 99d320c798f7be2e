import { ItemNotFoundError, RevisionMismatchError, StoreUnavailableError, type ItemMap, type StoredItem, type WriteOptions } from './item-map';

/**
 * The one way state in the map changes: read, decide, write with the revision read; on a
 * revision mismatch read again and decide again. `decide` returns the new data, or null to
 * leave the item as it is (the decision may change after a re-read).
 */
export async function updateItem<T>(
  map: ItemMap<T>,
  key: string,
  decide: (current: T) => T | null,
  options: WriteOptions & { maxAttempts?: number; /** The item as just read, to spare the first read. */ known?: StoredItem<T> } = {},
): Promise<StoredItem<T>> {
  const { maxAttempts = 10, known, ...writeOptions } = options;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = attempt === 1 && known ? known : await map.get(key);
    if (!current) throw new ItemNotFoundError(`no item ${key} in map ${map.name}`);
    const next = decide(current.data);
    if (next === null) return current;
    try {
      return await map.update(key, next, current.revision, writeOptions);
    } catch (error) {
      if (!(error instanceof RevisionMismatchError)) throw error;
    }
  }
  throw new StoreUnavailableError(`item ${key} in map ${map.name} kept changing under ${maxAttempts} attempts`);
}

/**
 * The same loop for taking an item away: remove it with the revision read while `wanted` still
 * holds for what is there; on a revision mismatch read again and decide again. False when the item
 * is gone or no longer wanted (someone else's now).
 */
export async function removeItem<T>(
  map: ItemMap<T>,
  key: string,
  wanted: (current: T) => boolean,
  options: { maxAttempts?: number; /** The item as just read, to spare the first read. */ known?: StoredItem<T> } = {},
): Promise<boolean> {
  const { maxAttempts = 10, known } = options;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = attempt === 1 && known ? known : await map.get(key);
    if (!current || !wanted(current.data)) return false;
    try {
      return await map.remove(key, current.revision);
    } catch (error) {
      if (!(error instanceof RevisionMismatchError)) throw error;
    }
  }
  throw new StoreUnavailableError(`item ${key} in map ${map.name} kept changing under ${maxAttempts} attempts`);
}
