import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { lan } from '../testing/network-builder';
import type { TraceEvent } from '../api';
import { eventsAt } from '../testing/trace-queries';

describe('hub', () => {
  it('repeats every frame out of every other port, so every computer sees the conversation', () => {
    const { doc, pcs, middle } = lan(3, 'hub');
    const sim = new Simulation(doc);
    sim.run();
    const start = sim.trace.upcomingSeq;
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    const since = (events: TraceEvent[]) => events.filter((e) => e.seq >= start);
    // At start-up the hub repeated each computer's announcement to the two others too.
    expect(eventsAt(sim, middle, 'flood').filter((e) => e.seq < start).map((e) => e.summary)).toEqual(['1', '2', '3'].map((n) => `ARP Announcement for 192.168.1.${n}`));
    const repeats = since(eventsAt(sim, middle, 'flood'));
    // ARP request, ARP reply, echo request, echo reply: each repeated to both other ports.
    expect(repeats.map((e) => e.protocol)).toEqual(['ARP', 'ARP', 'ICMP', 'ICMP']);
    for (const repeat of repeats) {
      const copies = eventsAt(sim, middle, 'send').filter((e) => e.frame!.id === repeat.frame!.id);
      expect(copies).toHaveLength(2);
    }
    const atThird = since(eventsAt(sim, pcs[2], 'drop'));
    expect(atThird.map((e) => e.protocol)).toEqual(['ARP', 'ARP', 'ICMP', 'ICMP']);
    expect(atThird[1].layers[0].reason).toMatch(/^addressed to 02:00:00:00:00:01, not to eth0 \(02:00:00:00:00:03\): not for me/);
  });
});
