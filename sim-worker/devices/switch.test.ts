import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { lan } from '../testing/network-builder';
import { eventsAt, tableRows } from '../testing/trace-queries';
import { MAC_AGING_NS } from './switch';

const macOf = (n: number) => `02:00:00:00:00:0${n}`;

describe('switch', () => {
  it('floods the broadcast ARP request out of every port but the one it came in on', () => {
    const { doc, pcs, middle } = lan(3);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    const flood = eventsAt(sim, middle, 'flood')[0];
    expect(flood.protocol).toBe('ARP');
    expect(flood.interface).toBe('p1');
    expect(flood.layers.map((l) => l.reason)).toEqual([
      `learned ${macOf(1)} is on p1`,
      'broadcast: flooding out of p2, p3, never back out of p1',
    ]);
    const copies = sim.trace.events.filter((e) => e.device === middle && e.type === 'send' && e.frame!.id === flood.frame!.id);
    expect(copies.map((e) => e.interface)).toEqual(['p2', 'p3']);
  });

  it('learns source MACs, so the second ping is forwarded only to its target', () => {
    const { doc, pcs, middle } = lan(3);
    const sim = new Simulation(doc);
    sim.run();
    // Each computer's start-up announcement taught the switch where it is.
    expect(tableRows(sim, middle, 'mac').map((row) => row.slice(0, 2))).toEqual([
      [macOf(1), 'p1'],
      [macOf(2), 'p2'],
      [macOf(3), 'p3'],
    ]);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    const before = sim.trace.upcomingSeq;
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    const second = sim.trace.events.filter((e) => e.seq >= before);
    expect(second.some((e) => e.device === pcs[2])).toBe(false);
    expect(second.filter((e) => e.device === middle).map((e) => e.type)).toEqual(['forward', 'send', 'forward', 'send']);
  });

  it('shows the MAC table as of an earlier event', () => {
    const { doc, pcs, middle } = lan(2);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    const firstFlood = eventsAt(sim, middle, 'flood')[0];
    expect(tableRows(sim, middle, 'mac', firstFlood.seq - 1)).toEqual([]);
    expect(tableRows(sim, middle, 'mac', firstFlood.seq)).toHaveLength(1);
    expect(tableRows(sim, middle, 'mac')).toHaveLength(2);
  });

  it('forgets entries after the ageing time and floods again', () => {
    const { doc, pcs, middle } = lan(3);
    const sim = new Simulation(doc);
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    sim.run({ untilNs: sim.now + MAC_AGING_NS + 1 });
    expect(tableRows(sim, middle, 'mac')).toEqual([]);
    // PC-1 still knows PC-2's MAC? No: its ARP entry aged out sooner, so a new broadcast request goes out.
    const before = sim.trace.upcomingSeq;
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 1 });
    sim.run();
    expect(sim.trace.events.some((e) => e.seq >= before && e.device === middle && e.type === 'flood')).toBe(true);
  });

  it('keeps an address heard again and again in its table for as long as it keeps being heard', () => {
    const { doc, pcs, middle } = lan(2);
    const sim = new Simulation(doc);
    // A ping every 100 s for 10 minutes: each refreshes both computers' entries long before they would age out.
    sim.act({ kind: 'ping', device: pcs[0], target: '192.168.1.2', count: 7, intervalMs: 100_000, timeoutMs: 1_000 });
    sim.run();
    expect(sim.now).toBeGreaterThan(2 * MAC_AGING_NS);
    expect(tableRows(sim, middle, 'mac').map((row) => row.slice(0, 2))).toEqual([
      [macOf(1), 'p1'],
      [macOf(2), 'p2'],
    ]);
  });

  it('filters a frame whose destination is on the port it came in on', () => {
    const { doc, middle } = lan(1);
    const sim = new Simulation(doc);
    const sw = sim.devices.get(middle)!;
    const p1 = sw.nics.get('p1')!;
    const frame = (dst: string, src: string) => new Uint8Array([...hex(dst), ...hex(src), 0x08, 0x00, ...new Array(46).fill(0)]);
    sw.receive(p1, frame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:0a'), 1);
    sw.receive(p1, frame('02:00:00:00:00:0a', '02:00:00:00:00:0b'), 2);
    const drop = eventsAt(sim, middle, 'drop')[0];
    expect(drop.layers.at(-1)!.reason).toMatch(/is on p1, the port this came in on/);
  });
});

function hex(mac: string): number[] {
  return mac.split(':').map((h) => parseInt(h, 16));
}
