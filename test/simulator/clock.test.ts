import { Cancelled, Interrupt, Signal, VirtualClock } from '../../scripts/simulator/clock';
import { LimitError } from '../../scripts/simulator';

class HungUp extends Interrupt {}

describe('the virtual clock', () => {
  it('runs processes one at a time in virtual-time order, ties in the order they were scheduled, without real waiting', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    for (const [name, delays] of [
      ['a', [5, 5]],
      ['b', [10]],
      ['c', [3600]],
    ] as const) {
      clock.spawn(name, async (p) => {
        for (const d of delays) {
          await p.sleep(d);
          log.push(`${p.now} ${name}`);
        }
      });
    }
    const started = Date.now();
    await clock.run();
    // b asked for t=10 at t=0, a only at t=5.
    expect(log).toEqual(['5 a', '10 b', '10 a', '3600 c']);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('delivers an interrupt where the process waits, and signals to their waiters', async () => {
    const clock = new VirtualClock();
    const done = new Signal<string>('the answer');
    const log: string[] = [];
    const sleeper = clock.spawn('sleeper', async (p) => {
      try {
        await p.sleep(100);
      } catch (error) {
        log.push(`${p.now} interrupted: ${(error as Error).message}`);
      }
    });
    clock.spawn('waiter', async (p) => {
      const answer = await p.wait(done);
      log.push(`${p.now} got ${answer}`);
    });
    clock.spawn('boss', async (p) => {
      await p.sleep(7);
      sleeper.interrupt(new HungUp('hung up'));
      done.fire('42');
    });
    await clock.run();
    expect(log).toEqual(['7 interrupted: hung up', '7 got 42']);
  });

  it('ends when only daemons are left, and reports a process stuck on a signal', async () => {
    const clock = new VirtualClock();
    clock.spawn('timer', (p) => p.sleep(1000), { daemon: true });
    clock.spawn('short', (p) => p.sleep(1));
    await clock.run();
    expect(clock.now).toBe(1);

    const stuck = new VirtualClock();
    stuck.spawn('forever', async (p) => {
      await p.wait(new Signal('godot'));
    });
    await expect(stuck.run()).rejects.toThrow(/stalled: forever waits for godot/);
  });

  it('fails on the first error of any process, and bounds virtual time', async () => {
    const clock = new VirtualClock();
    clock.spawn('bad', async (p) => {
      await p.sleep(1);
      throw new Error('boom');
    });
    clock.spawn('cancelled', async () => {
      throw new Cancelled();
    });
    await expect(clock.run()).rejects.toThrow('boom');

    const long = new VirtualClock({ maxSeconds: 60 });
    long.spawn('loop', async (p) => {
      for (;;) await p.sleep(10);
    });
    await expect(long.run()).rejects.toThrow(LimitError);
  });
});
