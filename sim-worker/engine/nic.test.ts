import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../api';
import type { SimContext } from './context';
import { Nic, type NicOwner } from './nic';
import { Prng } from './prng';
import { Scheduler } from './scheduler';
import { TableJournal } from './tables';
import { TraceRecorder } from './trace';

function twoEnds(queueFrames: number) {
  const scheduler = new Scheduler();
  const trace = new TraceRecorder(scheduler);
  const ctx: SimContext = {
    scheduler, trace, tables: new TableJournal(() => trace.upcomingSeq), prng: new Prng(1),
    newFrameId: () => 0, notify: () => undefined, nameOf: (id) => id.toUpperCase(),
  };
  const arrivals: { t: number; id: number }[] = [];
  const owner = (id: string): NicOwner => ({ id, ctx, receive: (_nic, _bytes, frameId) => arrivals.push({ t: scheduler.now, id: frameId }) });
  const a = new Nic(owner('a'), 'eth0', '02:00:00:00:00:01', queueFrames);
  const b = new Nic(owner('b'), 'eth0', '02:00:00:00:00:02');
  const cable = { id: 'l1', bandwidthBps: 100_000_000, delayNs: 5_000 };
  a.plug(cable, b);
  b.plug(cable, a);
  return { scheduler, trace, a, arrivals };
}

describe('Nic', () => {
  it('sends frames back to back, each after the one before has left', () => {
    const { scheduler, a, arrivals } = twoEnds(10);
    for (let id = 1; id <= 3; id++) a.transmit(new Uint8Array(100), id, []);
    while (scheduler.runNext());
    // (100 + 24) bytes × 8 bits at 100 Mbit/s = 9 920 ns each, then 5 µs of cable.
    expect(arrivals).toEqual([
      { t: 9_920 + 5_000, id: 1 },
      { t: 2 * 9_920 + 5_000, id: 2 },
      { t: 3 * 9_920 + 5_000, id: 3 },
    ]);
  });

  it('drops a frame when its transmit queue is full, and traces why', () => {
    const { scheduler, trace, a, arrivals } = twoEnds(2);
    const recorded: TraceEvent[] = [];
    trace.addSink((e) => recorded.push(e));
    for (let id = 1; id <= 5; id++) a.transmit(new Uint8Array(100), id, []);
    while (scheduler.runNext());
    expect(arrivals.map((x) => x.id)).toEqual([1, 2, 3]);
    const drops = recorded.filter((e) => e.type === 'drop');
    expect(drops.map((e) => e.frame!.id)).toEqual([4, 5]);
    expect(drops[0].layers.at(-1)!.reason).toBe("eth0's transmit queue is full (2 frames waiting): the frame is dropped");
  });
});
