import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim-worker/api';
import { encodeEthernet, ETHERTYPE_IPV4 } from '../../sim-worker/wire/ethernet';
import { encodeIpv4, IP_PROTO_TCP } from '../../sim-worker/wire/ipv4';
import { encodeTcp, TCP_ACK, TCP_SYN } from '../../sim-worker/wire/tcp';
import { arrowLabel, buildLadder, conversationFlows, LABEL_MAX, peersOf } from './ladder-model';

const PC = 0xc0a80165; // 192.168.1.101
const NAT = 0xc0000264; // 192.0.2.100, the home router's public address
const WWW = 0xc6336450; // 198.51.100.80

function tcpFrame(src: number, dst: number, srcPort: number, dstPort: number, flags: number): Uint8Array {
  const tcp = encodeTcp({ srcPort, dstPort, seq: 1, ack: 1, flags, window: 502, payload: new Uint8Array(0) }, src, dst);
  const ip = encodeIpv4({ src, dst, protocol: IP_PROTO_TCP, ttl: 64, identification: 1, payload: tcp });
  return encodeEthernet({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01', etherType: ETHERTYPE_IPV4, payload: ip });
}

/** A tiny trace maker: seq and time advance by one per event. */
function trace() {
  const events: TraceEvent[] = [];
  const add = (e: Omit<TraceEvent, 'seq' | 't' | 'layers'>) => {
    const seq = events.length + 1;
    events.push({ seq, t: seq * 1000, layers: [], ...e });
    return seq;
  };
  const hop = (device: string, frameId: number, bytes: Uint8Array, protocol: string, summary: string, to: string) =>
    add({ device, type: 'send', protocol, summary, frame: { id: frameId, bytes }, hop: { toDevice: to, toInterface: 'eth0', arriveAt: (events.length + 1) * 1000 + 500 } });
  const at = (device: string, type: TraceEvent['type'], frameId: number, bytes: Uint8Array, protocol: string, summary: string) =>
    add({ device, type, protocol, summary, frame: { id: frameId, bytes } });
  return { events, add, hop, at };
}

/** PC → home router (NAT 48184 stays 48184) → www, port 443: SYN, SYN-ACK, a lost ACK and its retransmission. */
function handshake() {
  const { events, add, hop, at } = trace();
  const inside = (flags: number) => tcpFrame(PC, WWW, 48184, 443, flags);
  const outside = (flags: number) => tcpFrame(NAT, WWW, 48184, 443, flags);
  const back = (flags: number) => tcpFrame(WWW, NAT, 443, 48184, flags);
  const backInside = (flags: number) => tcpFrame(WWW, PC, 443, 48184, flags);

  at('pc', 'send', 1, new Uint8Array(42), 'ARP', 'Who has 192.168.1.1? Tell 192.168.1.101');
  at('home', 'receive', 1, new Uint8Array(42), 'ARP', 'Who has 192.168.1.1? Tell 192.168.1.101');

  hop('pc', 2, inside(TCP_SYN), 'TCP', '48184 → 443 [SYN] Seq=0 Win=64240 Len=0', 'home');
  at('home', 'forward', 2, inside(TCP_SYN), 'TCP', '48184 → 443 [SYN] Seq=0 Win=64240 Len=0');
  hop('home', 2, outside(TCP_SYN), 'TCP', '48184 → 443 [SYN] Seq=0 Win=64240 Len=0', 'www');
  at('www', 'receive', 2, outside(TCP_SYN), 'TCP', '48184 → 443 [SYN] Seq=0 Win=64240 Len=0');

  hop('www', 3, back(TCP_SYN | TCP_ACK), 'TCP', '443 → 48184 [SYN, ACK] Seq=0 Ack=1 Len=0', 'home');
  hop('home', 3, backInside(TCP_SYN | TCP_ACK), 'TCP', '443 → 48184 [SYN, ACK] Seq=0 Ack=1 Len=0', 'pc');
  at('pc', 'receive', 3, backInside(TCP_SYN | TCP_ACK), 'TCP', '443 → 48184 [SYN, ACK] Seq=0 Ack=1 Len=0');

  add({ device: 'pc', type: 'app', protocol: 'TLS', summary: 'TLS: ClientHello' });
  // Lost on the home router's uplink: sent, never heard of again.
  hop('pc', 4, inside(TCP_ACK), 'TCP', '48184 → 443 [ACK] Seq=1 Ack=1 Len=0', 'home');
  hop('home', 4, outside(TCP_ACK), 'TCP', '48184 → 443 [ACK] Seq=1 Ack=1 Len=0', 'www');
  // Printed output of an app is not a note: only the steps of the protocols are.
  add({ device: 'pc', type: 'app', protocol: 'browser', summary: 'HTTP/1.1 200 OK', app: { name: 'browser', run: 1, line: 'HTTP/1.1 200 OK' } });
  hop('pc', 5, inside(TCP_ACK), 'TCP', '48184 → 443 [ACK] Seq=1 Ack=1 Len=0', 'home');
  hop('home', 5, outside(TCP_ACK), 'TCP', '48184 → 443 [ACK] Seq=1 Ack=1 Len=0', 'www');
  at('www', 'receive', 5, outside(TCP_ACK), 'TCP', '48184 → 443 [ACK] Seq=1 Ack=1 Len=0');
  return events;
}

describe('ladder diagram of a conversation', () => {
  const events = handshake();

  it('puts the endpoints at the ends and the devices between them in path order', () => {
    expect(buildLadder(events, 'pc', 'www').lifelines).toEqual(['pc', 'home', 'www']);
    expect(buildLadder(events, 'www', 'pc').lifelines).toEqual(['www', 'home', 'pc']);
  });

  it('draws one arrow per hop, in trace order, labelled with the TCP flags', () => {
    const arrows = buildLadder(events, 'pc', 'www').rows.filter((r) => r.kind === 'arrow');
    expect(arrows.map((r) => `${r.from}→${r.to} ${r.label}${r.lost ? ' (lost)' : ''}`)).toEqual([
      '0→1 SYN',
      '1→2 SYN',
      '2→1 SYN, ACK',
      '1→0 SYN, ACK',
      '0→1 ACK',
      '1→2 ACK (lost)',
      '0→1 ACK',
      '1→2 ACK',
    ]);
    // Each arrow selects its send event.
    expect(events.find((e) => e.seq === arrows[0].seq)?.summary).toMatch(/\[SYN\]/);
  });

  it('leaves out frames that never reached the other end (ARP to the gateway)', () => {
    const ladder = buildLadder(events, 'pc', 'www');
    expect(ladder.rows.some((r) => r.kind === 'arrow' && /Who has/.test(r.label))).toBe(false);
  });

  it("notes the endpoints' protocol steps, not the lines an app printed", () => {
    const notes = buildLadder(events, 'pc', 'www').rows.filter((r) => r.kind === 'note');
    expect(notes.map((n) => [n.lifeline, n.label])).toEqual([[0, 'TLS: ClientHello']]);
  });

  it('lists the flows as the first endpoint sees them, through NAT', () => {
    expect(conversationFlows(events, 'pc', 'www')).toEqual([{ protocol: 'TCP', localPort: 48184, remotePort: 443 }]);
    expect(conversationFlows(events, 'www', 'pc')).toEqual([{ protocol: 'TCP', localPort: 443, remotePort: 48184 }]);
    const other = buildLadder(events, 'pc', 'www', { protocol: 'TCP', localPort: 5000, remotePort: 443 });
    expect(other.rows).toEqual([]);
  });

  it('finds who a device talked with, most recent first', () => {
    // The home router heard the PC's ARP request earlier.
    expect(peersOf(events, 'pc')).toEqual(['www', 'home']);
    expect(peersOf(events, 'www')).toEqual(['pc']);
  });

  it('is empty for a device paired with itself or with a silent one', () => {
    expect(buildLadder(events, 'pc', 'pc').rows).toEqual([]);
    expect(buildLadder(events, 'pc', 'nobody')).toEqual({ lifelines: ['pc', 'nobody'], rows: [] });
  });
});

describe('arrow labels', () => {
  it('shows TCP flags and the data carried', () => {
    expect(arrowLabel({ protocol: 'TCP', summary: '443 → 48184 [SYN, ACK] Seq=1 Ack=2 Win=64240 Len=0 MSS=1460' })).toBe('SYN, ACK');
    expect(arrowLabel({ protocol: 'TCP', summary: '48184 → 80 [PSH, ACK] Seq=1 Ack=1 Win=502 Len=78' })).toBe('PSH, ACK · 78 bytes');
  });

  it("folds TLS's repeated records", () => {
    expect(arrowLabel({ protocol: 'TLS', summary: 'Server Hello, Change Cipher Spec, Application Data, Application Data, Application Data, Application Data' })).toBe('Server Hello, Change Cipher Spec, Application Data ×4');
    expect(arrowLabel({ protocol: 'TLS', summary: 'Application Data, Application Data' })).toBe('Application Data ×2');
    expect(arrowLabel({ protocol: 'TLS', summary: 'Client Hello (SNI=www.example.test)' })).toBe('Client Hello (SNI=www.example.test)');
  });

  it('keeps other summaries, shortened', () => {
    expect(arrowLabel({ protocol: 'HTTP', summary: 'GET / HTTP/1.1' })).toBe('GET / HTTP/1.1');
    expect(arrowLabel({ protocol: 'DNS', summary: 'Standard query response 0x30dd A www.example.test A 198.51.100.80' })).toHaveLength(LABEL_MAX);
  });
});
