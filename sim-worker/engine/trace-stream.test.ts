import { describe, expect, it } from 'vitest';
import { TraceRecorder } from './trace';
import { BatchPacing, TraceStream } from './trace-stream';

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

  it('makes a long run wait longer and longer between batches, counted in tasks, up to 512,000', () => {
    const pacing = new BatchPacing();
    const dueAfter: number[] = [];
    for (let tasks = 4_000; tasks <= 2_000_000; tasks += 4_000) if (pacing.due(4_000)) dueAfter.push(tasks);
    expect(dueAfter).toEqual([64_000, 192_000, 448_000, 960_000, 1_472_000, 1_984_000]);
  });
});
