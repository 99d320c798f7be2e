import type { MapRecord } from './store';
import type { MapStats } from './types';

/** In-memory traffic counters per map; not persisted, since they describe one run (one test). */
export class MapTraffic {
  private readonly counters = new Map<string, MapStats>();

  read(map: MapRecord): void {
    this.of(map).reads += 1;
  }

  write(map: MapRecord): void {
    this.of(map).writes += 1;
  }

  rejected(map: MapRecord): void {
    this.of(map).rejected += 1;
  }

  snapshot(): Record<string, MapStats> {
    const result: Record<string, MapStats> = {};
    for (const [label, counts] of this.counters) result[label] = { ...counts };
    return result;
  }

  reset(): void {
    this.counters.clear();
  }

  private of(map: MapRecord): MapStats {
    const label = map.uniqueName ?? map.sid;
    let counts = this.counters.get(label);
    if (!counts) {
      counts = { reads: 0, writes: 0, rejected: 0 };
      this.counters.set(label, counts);
    }
    return counts;
  }
}
