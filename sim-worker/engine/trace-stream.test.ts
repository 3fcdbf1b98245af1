import { describe, expect, it } from 'vitest';
import { TraceRecorder } from './trace';
import { BatchClock, TraceStream } from './trace-stream';

function recordApps(trace: TraceRecorder, lines: string[]): void {
  for (const line of lines) trace.record({ device: 'pc-1', type: 'app', protocol: 'ping', summary: line, layers: [{ layer: 7, protocol: 'ping', reason: () => `said ${line}` }] });
}

describe('TraceStream', () => {
  it('takes each event once, complete, starting after the events recorded before it was made', () => {
    const trace = new TraceRecorder({ now: 0 });
    recordApps(trace, ['before']);
    const stream = new TraceStream(trace);
    recordApps(trace, ['a', 'b']);
    expect(stream.take().map((e) => [e.seq, e.summary, e.layers[0].reason])).toEqual([[2, 'a', 'said a'], [3, 'b', 'said b']]);
    expect(stream.take()).toEqual([]);
    recordApps(trace, ['c']);
    expect(stream.take().map((e) => e.summary)).toEqual(['c']);
    expect(stream.skipped).toBe(0);
  });

  it('sends only the newest events of a long stretch and counts the rest as skipped', () => {
    const trace = new TraceRecorder({ now: 0 }, 100);
    const stream = new TraceStream(trace, 3);
    recordApps(trace, ['1', '2', '3', '4', '5']);
    expect(stream.take().map((e) => e.summary)).toEqual(['3', '4', '5']);
    expect(stream.skipped).toBe(2);
  });

  it('counts events the trace no longer holds as skipped', () => {
    const trace = new TraceRecorder({ now: 0 }, 2);
    const stream = new TraceStream(trace, 10);
    recordApps(trace, ['1', '2', '3', '4']);
    expect(stream.take().map((e) => e.seq)).toEqual([3, 4]);
    expect(stream.skipped).toBe(2);
  });

  it('makes a long run wait longer and longer between batches, up to 2 s', () => {
    let now = 0;
    const clock = new BatchClock(() => now);
    const dueAt: number[] = [];
    for (now = 0; now <= 6_000; now += 50) if (clock.due()) dueAt.push(now);
    expect(dueAt).toEqual([250, 750, 1750, 3750, 5750]);
  });
});
