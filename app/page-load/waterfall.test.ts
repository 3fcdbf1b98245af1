import { describe, expect, it } from 'vitest';
import type { PageTimeline, TraceEvent } from '../../sim-worker/api';
import { browseRuns, firstEventOfPhase, waterfall } from './waterfall';

const timeline: PageTimeline = {
  url: 'https://www.example.test',
  requests: [
    {
      url: 'https://www.example.test/',
      status: 200,
      reusedConnection: false,
      phases: [
        { name: 'dns', start: 1000, duration: 400, seqs: [12, 10, 11] },
        { name: 'connect', start: 1400, duration: 200, seqs: [20, 21] },
        { name: 'tls', start: 1600, duration: 600, seqs: [30] },
        { name: 'request', start: 2200, duration: 100, seqs: [40] },
        { name: 'waiting', start: 2200, duration: 300, seqs: [] },
        { name: 'response', start: 2500, duration: 500, seqs: [50] },
      ],
    },
  ],
};

function appEvent(seq: number, t: number, extra: Partial<TraceEvent> = {}): TraceEvent {
  return { seq, t, device: 'pc', type: 'app', protocol: 'browser', summary: '', layers: [], ...extra };
}

describe('page-load waterfall', () => {
  it('finds each page load by the event that carries its timeline', () => {
    const events = [
      appEvent(1, 0, { app: { name: 'browser', run: 1, line: 'HTTP/1.1 200 OK' } }),
      appEvent(2, 3000, { app: { name: 'browser', run: 1, line: 'page loaded', timeline } }),
      appEvent(3, 4000, { device: 'pc-2', app: { name: 'browser', run: 1, line: 'page loaded', timeline } }),
    ];
    expect(browseRuns(events).map((r) => [r.seq, r.device, r.run])).toEqual([
      [2, 'pc', 1],
      [3, 'pc-2', 1],
    ]);
  });

  it('places every phase on one axis from the first start to the last end', () => {
    const w = waterfall(timeline);
    expect([w.start, w.end]).toEqual([1000, 3000]);
    const bars = w.requests[0].bars;
    expect(bars.map((b) => [b.name, b.left, b.width])).toEqual([
      ['dns', 0, 0.2],
      ['connect', 0.2, 0.1],
      ['tls', 0.3, 0.3],
      ['request', 0.6, 0.05],
      ['waiting', 0.6, 0.15],
      ['response', 0.75, 0.25],
    ]);
    expect(bars[0].eventCount).toBe(3);
  });

  it('has no bars for a load that never got going', () => {
    expect(waterfall({ url: 'http://nowhere.test', requests: [], error: 'no such host' })).toEqual({ start: 0, end: 0, requests: [] });
  });

  it("selects a phase's first own event, or the first event after it began", () => {
    const [dns, , , , waiting] = timeline.requests[0].phases;
    expect(firstEventOfPhase(dns, [])).toBe(10);
    const events = [appEvent(39, 2100), appEvent(41, 2250), appEvent(42, 2300)];
    expect(firstEventOfPhase(waiting, events)).toBe(41);
    expect(firstEventOfPhase(waiting, [appEvent(1, 10)])).toBeNull();
  });
});
