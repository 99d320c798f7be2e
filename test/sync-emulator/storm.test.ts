import { asError } from '../support/emulator-http';
import { asItem, emulatorPerFile } from './helpers';

const env = emulatorPerFile();

afterEach(() => env.emulator.setStorm(false));

describe('injected storm', () => {
  it('throttles reads and writes with 429 / 54009 and applies nothing it refused', async () => {
    await env.sync.createMap('throttled');
    env.emulator.setStorm({ throttle: 0.5, seed: 7 });
    const writes = await Promise.all(Array.from({ length: 40 }, (_, i) => env.sync.createItem('throttled', `k${i}`, { i })));
    const refused = writes.filter((w) => w.status === 429);
    expect(refused.length).toBeGreaterThan(5);
    expect(writes.filter((w) => w.status === 201).length).toBeGreaterThan(5);
    expect(asError(refused[0])).toMatchObject({ status: 429, code: 54009 });
    const reads = await Promise.all(Array.from({ length: 40 }, (_, i) => env.sync.fetchItem('throttled', `k${i}`)));
    expect(reads.some((r) => r.status === 429)).toBe(true);
    expect(env.emulator.stormCounts().throttled).toBe(refused.length + reads.filter((r) => r.status === 429).length);

    env.emulator.setStorm(false);
    // Exactly the writes that were answered 201 exist: a 429 changed nothing.
    const after = await Promise.all(Array.from({ length: 40 }, (_, i) => env.sync.fetchItem('throttled', `k${i}`)));
    expect(after.map((r) => r.status)).toEqual(writes.map((w) => (w.status === 201 ? 200 : 404)));
    expect(env.emulator.stormCounts().throttled).toBe(refused.length + reads.filter((r) => r.status === 429).length);
  });

  it('beats conditional writes with a rewrite of the same data, so If-Match fails as in a real race', async () => {
    await env.sync.createMap('raced');
    const created = asItem(await env.sync.createItem('raced', 'k', { n: 1 }));
    env.emulator.setStorm({ conflict: 0.999, seed: 1 });
    const update = await env.sync.updateItem('raced', 'k', { Data: JSON.stringify({ n: 2 }) }, created.revision);
    expect(update.status).toBe(412);
    expect(asError(update)).toMatchObject({ code: 54205 });
    const now = asItem(await env.sync.fetchItem('raced', 'k'));
    expect(now.data).toEqual({ n: 1 });
    expect(now.revision).not.toBe(created.revision);
    expect((await env.sync.deleteItem('raced', 'k', now.revision)).status).toBe(412);
    // A write without If-Match cannot lose a race: it is applied.
    expect((await env.sync.updateItem('raced', 'k', { Data: JSON.stringify({ n: 3 }) })).status).toBe(200);
    expect(env.emulator.stormCounts()).toEqual({ throttled: 0, conflicts: 2 });

    env.emulator.setStorm(false);
    const latest = asItem(await env.sync.fetchItem('raced', 'k'));
    expect(asItem(await env.sync.updateItem('raced', 'k', { Data: JSON.stringify({ n: 4 }) }, latest.revision)).data).toEqual({ n: 4 });
  });

  it('replays the same faults from the same seed', async () => {
    await env.sync.createMap('replay');
    const run = async (prefix: string) => {
      env.emulator.setStorm({ throttle: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await env.sync.createItem('replay', `${prefix}${i}`, {})).status);
      return statuses;
    };
    const first = await run('a');
    expect(first).toContain(429);
    expect(await run('b')).toEqual(first);
  });

  it('refuses a fraction that is not one', () => {
    expect(() => env.emulator.setStorm({ throttle: 1 })).toThrow('storm.throttle must be a fraction');
    expect(() => env.emulator.setStorm({ conflict: -0.1 })).toThrow('storm.conflict must be a fraction');
  });
});
