import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../api';
import { encodeArp, ARP_REQUEST } from '../wire/arp';
import { encodeEthernet, ETHERTYPE_ARP } from '../wire/ethernet';
import { summarizeFrame } from '../wire/frame';
import { TraceRecorder, type SendingCard } from './trace';

/** ARP who-has 10.0.0.2 tell 10.0.0.1, as a frame. */
/** A card of device `id` on cable l1, plugged into sw's p1. */
function card(id: string): SendingCard {
  return { owner: { id }, name: 'eth0', cable: { id: 'l1' }, peer: { owner: { id: 'sw' }, name: 'p1' } };
}

function arpRequest(): Uint8Array {
  const arp = encodeArp({ op: ARP_REQUEST, senderMac: '02:00:00:00:00:01', senderIp: 0x0a000001, targetMac: '00:00:00:00:00:00', targetIp: 0x0a000002 });
  return encodeEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: ETHERTYPE_ARP, payload: arp });
}

describe('TraceRecorder', () => {
  it('gives a sink each event complete: protocol and summary from the frame, reasons in words', () => {
    const clock = { now: 5 };
    const trace = new TraceRecorder(clock);
    const seen: TraceEvent[] = [];
    trace.addSink((event) => seen.push(structuredClone(event)));
    const bytes = arpRequest();
    let worded = 0;
    trace.record({
      device: 'pc-1', interface: 'eth0', type: 'send', frame: { id: 7, bytes },
      layers: [{ layer: 3, protocol: 'ARP', reason: () => `who has 10.0.0.2? (${++worded})` }, { layer: 2, protocol: 'Ethernet', reason: 'to everyone' }],
    });
    expect(seen).toEqual([{
      seq: 1, t: 5, device: 'pc-1', interface: 'eth0', link: undefined, type: 'send', ...summarizeFrame(bytes),
      layers: [{ layer: 3, protocol: 'ARP', reason: 'who has 10.0.0.2? (1)' }, { layer: 2, protocol: 'Ethernet', reason: 'to everyone' }],
      frame: { id: 7, bytes }, hop: undefined, app: undefined,
    }]);
    expect(seen[0].summary).toBe('Who has 10.0.0.2? Tell 10.0.0.1');
    // Read again, the event is the same, and the reason was worded once.
    expect(trace.events[0].layers[0].reason).toBe('who has 10.0.0.2? (1)');
    expect(worded).toBe(1);
  });

  it('works an event out only when it is read, and the same as it would have been at once', () => {
    const trace = new TraceRecorder({ now: 0 });
    const bytes = arpRequest();
    let worded = 0;
    const layers = [{ layer: 3 as const, protocol: 'ARP', reason: () => `asked ${++worded} time(s)` }];
    trace.record({ device: 'pc-1', type: 'send', frame: { id: 1, bytes }, layers });
    trace.record({ device: 'sw-1', type: 'flood', frame: { id: 1, bytes }, layers });
    expect(worded).toBe(0);
    const found = trace.find(2)!;
    expect(found.protocol).toBe('ARP');
    expect(found.layers[0].reason).toBe('asked 1 time(s)');
    // One note shared by two events is worded once for both.
    expect(trace.events.map((e) => e.layers[0].reason)).toEqual(['asked 1 time(s)', 'asked 1 time(s)']);
    expect(trace.events[0].summary).toBe(trace.events[1].summary);
  });

  it('keeps the protocol and summary an event was given', () => {
    const trace = new TraceRecorder({ now: 0 });
    trace.record({ device: 'pc-1', type: 'app', protocol: 'ping', summary: 'PING 10.0.0.2', layers: [], app: { name: 'ping', run: 1, line: 'PING 10.0.0.2' } });
    trace.record({ device: 'pc-1', type: 'drop', layers: [] });
    expect(trace.events.map((e) => [e.protocol, e.summary])).toEqual([['ping', 'PING 10.0.0.2'], ['none', '']]);
  });

  it('keeps only the newest events of a bounded window, and says how many it let go', () => {
    const trace = new TraceRecorder({ now: 0 }, 3);
    for (let i = 0; i < 10; i++) trace.record({ device: `d${i}`, type: 'drop', layers: [] });
    expect(trace.events.map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(trace.dropped).toBe(7);
    expect(trace.firstSeq).toBe(8);
    expect(trace.find(7)).toBeUndefined();
    expect(trace.find(9)?.device).toBe('d8');
  });

  it('keeps every event of an unbounded window, and finds each by seq', () => {
    const trace = new TraceRecorder({ now: 0 }, Infinity);
    const bytes = arpRequest();
    for (let i = 0; i < 5; i++) trace.recordFrame(`d${i}`, 'eth0', undefined, 'drop', i, bytes, []);
    expect(trace.events.map((e) => [e.seq, e.device])).toEqual([[1, 'd0'], [2, 'd1'], [3, 'd2'], [4, 'd3'], [5, 'd4']]);
    expect(trace.dropped).toBe(0);
    expect(trace.find(3)?.device).toBe('d2');
  });

  it('makes a frame event when it is read: a sink sees what a later read sees, hop and all, round a full window', () => {
    const clock = { now: 0 };
    const trace = new TraceRecorder(clock, 4);
    const seen: TraceEvent[] = [];
    trace.addSink((event) => seen.push(event));
    const bytes = arpRequest();
    for (let i = 0; i < 7; i++) {
      clock.now = i * 10;
      if (i % 3 === 0) trace.record({ device: `d${i}`, type: 'state', protocol: 'Ethernet', summary: 'link up', layers: [] });
      else if (i % 3 === 1) trace.recordSend(card(`d${i}`), i, bytes, [], { layer: 1, protocol: 'Ethernet', reason: () => `bits ${i}` }, i * 10 + 5);
      else trace.recordFrame(`d${i}`, 'eth0', undefined, 'flood', i, bytes, []);
    }
    expect(trace.events).toEqual(seen.slice(-4));
    expect(trace.events.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(trace.find(5)).toMatchObject({ t: 40, device: 'd4', interface: 'eth0', type: 'send', link: 'l1', frame: { id: 4, bytes }, hop: { toDevice: 'sw', toInterface: 'p1', arriveAt: 45 }, layers: [{ reason: 'bits 4' }] });
    expect(trace.find(6)?.hop).toBeUndefined();
  });

  it("words an app's line given as a function once, when the event is read, for its summary and its line alike", () => {
    const trace = new TraceRecorder({ now: 0 });
    let worded = 0;
    const line = () => `64 bytes from 10.0.0.2: icmp_seq=${++worded}`;
    trace.record({ device: 'pc', type: 'app', protocol: 'ping', summary: line, layers: [{ layer: 7, protocol: 'ping', reason: () => 'reply 1' }], app: { name: 'ping', run: 1, line } });
    expect(worded).toBe(0);
    expect(trace.find(1)).toMatchObject({ summary: '64 bytes from 10.0.0.2: icmp_seq=1', app: { line: '64 bytes from 10.0.0.2: icmp_seq=1' }, layers: [{ reason: 'reply 1' }] });
    expect(trace.events[0].summary).toBe('64 bytes from 10.0.0.2: icmp_seq=1');
    expect(worded).toBe(1);
  });

  it('reduced to counters, numbers and counts events by type but keeps none and calls no sink or reason', () => {
    const trace = new TraceRecorder({ now: 0 }, 100, false);
    let sunk = 0;
    trace.addSink(() => sunk++);
    const reason = () => {
      throw new Error('a reason nobody reads is never worded');
    };
    trace.record({ device: 'pc-1', type: 'send', frame: { id: 1, bytes: arpRequest() }, layers: [{ layer: 2, protocol: 'Ethernet', reason }] });
    trace.record({ device: 'sw-1', type: 'flood', layers: [{ layer: 2, protocol: 'Ethernet', reason }] });
    trace.record({ device: 'pc-2', type: 'send', layers: [] });
    expect(trace.detailed).toBe(false);
    expect(trace.counts).toMatchObject({ send: 2, flood: 1, deliver: 0 });
    expect(trace.upcomingSeq).toBe(4);
    expect(trace.events).toEqual([]);
    expect(sunk).toBe(0);
  });
});
