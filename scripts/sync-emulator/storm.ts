import type { ItemRecord, MapRecord, SyncStore } from './store';
import type { StormCounts, StormSetting } from './types';

/**
 * Faults injected for soak runs, on top of the real rate limit. A throttled request is answered
 * 429 and changes nothing, as Sync does when an object is over its limit (reads too). A conflict
 * is a real lost race: another writer rewrites the item (same data, new revision) just before a
 * conditional write is checked, so its If-Match no longer holds and it gets the 412 Sync gives.
 * The draws come from one seeded generator, so a storm with the same seed and traffic replays.
 */
export class FaultStorm {
  private setting: Required<Omit<StormSetting, 'seed'>> | null = null;
  private random: () => number = Math.random;
  private counts: StormCounts = { throttled: 0, conflicts: 0 };

  configure(setting: StormSetting | false): void {
    if (setting === false) {
      this.setting = null;
      return;
    }
    const throttle = setting.throttle ?? 0;
    const conflict = setting.conflict ?? 0;
    for (const [name, value] of Object.entries({ throttle, conflict })) {
      if (!(value >= 0 && value < 1)) throw new TypeError(`storm.${name} must be a fraction from 0 up to (not including) 1, got ${String(value)}`);
    }
    this.setting = { throttle, conflict };
    this.counts = { throttled: 0, conflicts: 0 };
    this.random = seeded(setting.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** True when this item request is to be refused with a 429 before anything is looked at. */
  throttles(): boolean {
    if (!this.setting || this.random() >= this.setting.throttle) return false;
    this.counts.throttled += 1;
    return true;
  }

  /** Before a conditional write is checked: maybe another writer gets there first. */
  race(store: SyncStore, map: MapRecord, item: ItemRecord, ifMatch: string | undefined): void {
    if (!this.setting || ifMatch === undefined || this.random() >= this.setting.conflict) return;
    store.updateItem(map, item, {});
    this.counts.conflicts += 1;
  }

  snapshot(): StormCounts {
    return { ...this.counts };
  }
}

/** mulberry32: small, fast and good enough to spread faults; not for anything secret. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
