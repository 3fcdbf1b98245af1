import { describe, expect, it } from 'vitest';
import type { SimContext } from '../engine/context';
import { Prng } from '../engine/prng';
import { Scheduler } from '../engine/scheduler';
import { TableJournal } from '../engine/tables';
import { formatIpv4, ipv4FromBytes } from '../wire/address';
import { checksumValid, internetChecksum } from '../wire/checksum';
import { encodeIcmp, parseIcmp } from '../wire/icmp';
import { encodeIpv4, IP_PROTO_ICMP, IP_PROTO_TCP, IP_PROTO_UDP, ipv4PseudoHeaderSum, parseIpv4, parseIpv4Header } from '../wire/ipv4';
import { encodeUdp, parseUdp } from '../wire/udp';
import { Nat, NAT_TIMEOUTS_NS } from './nat';

const INSIDE = 0xc0a8010a; // 192.168.1.10
const INSIDE_2 = 0xc0a8010b; // 192.168.1.11
const OUTSIDE = 0xc0000202; // 192.0.2.2
const REMOTE = 0xc633640a; // 198.51.100.10

function setup(forwards: ConstructorParameters<typeof Nat>[2] = []) {
  const scheduler = new Scheduler();
  const tables = new TableJournal(() => 1);
  const ctx = { scheduler, tables, prng: new Prng(1) } as unknown as SimContext;
  return { nat: new Nat(ctx, 'home', forwards), scheduler, tables };
}

const udp = (src: number, srcPort: number, dst: number, dstPort: number, ttl = 64) =>
  encodeIpv4({ src, dst, protocol: IP_PROTO_UDP, ttl, identification: 1, payload: encodeUdp({ srcPort, dstPort, payload: Uint8Array.of(1, 2, 3, 4, 5) }, src, dst) });
const echo = (kind: 'echo-request' | 'echo-reply', src: number, dst: number, identifier: number) =>
  encodeIpv4({ src, dst, protocol: IP_PROTO_ICMP, ttl: 64, identification: 2, payload: encodeIcmp({ kind, identifier, sequence: 1, data: new Uint8Array(16).fill(0xab) }) });

/** A router's time exceeded about `packet`, quoting it as Linux does (the packet's first 548 bytes). */
const timeExceeded = (from: number, packet: Uint8Array) =>
  encodeIpv4({ src: from, dst: ipv4FromBytes(packet, 12), protocol: IP_PROTO_ICMP, ttl: 64, identification: 3, payload: encodeIcmp({ kind: 'time-exceeded', code: 0, original: packet }) });

function udpOf(packet: Uint8Array) {
  const ip = parseIpv4(packet);
  if (!ip.ok) throw new Error(ip.error);
  const datagram = parseUdp(ip.value.payload, ip.value.src, ip.value.dst);
  if (!datagram.ok) throw new Error(datagram.error);
  return { src: formatIpv4(ip.value.src), dst: formatIpv4(ip.value.dst), ipOk: ip.value.checksumOk, ...datagram.value };
}

describe('NAT (masquerade)', () => {
  it('rewrites a UDP datagram from inside to the outside address, keeping its port, with checksums as if computed afresh', () => {
    const { nat } = setup();
    const packet = udp(INSIDE, 40000, REMOTE, 53);
    expect(nat.outbound(packet, OUTSIDE).action).toBe('translated');
    const out = udpOf(packet);
    expect([out.src, out.srcPort, out.dst, out.dstPort, out.ipOk, out.checksumOk]).toEqual(['192.0.2.2', 40000, '198.51.100.10', 53, true, true]);
    // Byte for byte what a sender at 192.0.2.2:40000 would have built.
    expect(packet).toEqual(udp(OUTSIDE, 40000, REMOTE, 53));

    const reply = udp(REMOTE, 53, OUTSIDE, 40000);
    expect(nat.inbound(reply, OUTSIDE).action).toBe('translated');
    expect(reply).toEqual(udp(REMOTE, 53, INSIDE, 40000));
  });

  it('gives a second host using the same port to the same remote end another public port, and keeps them apart', () => {
    const { nat } = setup();
    const first = udp(INSIDE, 40000, REMOTE, 53);
    const second = udp(INSIDE_2, 40000, REMOTE, 53);
    nat.outbound(first, OUTSIDE);
    const verdict = nat.outbound(second, OUTSIDE);
    const port = udpOf(second).srcPort;
    expect(port).not.toBe(40000);
    expect(port).toBeGreaterThanOrEqual(1024);
    expect(verdict.action === 'translated' && verdict.note).toContain('port 40000 is taken towards 198.51.100.10:53, so');
    expect(udpOf(second).checksumOk).toBe(true);
    const reply = udp(REMOTE, 53, OUTSIDE, port);
    nat.inbound(reply, OUTSIDE);
    expect([udpOf(reply).dst, udpOf(reply).dstPort]).toEqual(['192.168.1.11', 40000]);
  });

  it('leaves a UDP checksum of 0 ("none") at 0', () => {
    const { nat } = setup();
    const packet = udp(INSIDE, 40000, REMOTE, 53);
    packet[26] = 0;
    packet[27] = 0;
    nat.outbound(packet, OUTSIDE);
    expect(udpOf(packet).checksum).toBe(0);
  });

  it('translates ICMP echo by its identifier, and drops an echo reply that answers nothing', () => {
    const { nat } = setup();
    const request = echo('echo-request', INSIDE, REMOTE, 0x1234);
    nat.outbound(request, OUTSIDE);
    expect(request).toEqual(echo('echo-request', OUTSIDE, REMOTE, 0x1234));
    const reply = echo('echo-reply', REMOTE, OUTSIDE, 0x1234);
    expect(nat.inbound(reply, OUTSIDE).action).toBe('translated');
    expect(reply).toEqual(echo('echo-reply', REMOTE, INSIDE, 0x1234));
    expect(nat.outbound(echo('echo-reply', INSIDE, REMOTE, 7), OUTSIDE).action).toBe('drop');
  });

  it('translates an ICMP error back to the host inside, the quoted packet and every checksum in it included', () => {
    const { nat } = setup();
    const probe = udp(INSIDE, 45000, REMOTE, 33435, 2);
    nat.outbound(probe, OUTSIDE);
    const error = timeExceeded(0xc0000201, probe);
    const verdict = nat.inbound(error, OUTSIDE);
    expect(verdict.action).toBe('translated');
    // What the host would have got had there been no NAT: its own packet quoted, as it sent it.
    expect(error).toEqual(timeExceeded(0xc0000201, udp(INSIDE, 45000, REMOTE, 33435, 2)));
    const outer = parseIpv4(error);
    expect(outer.ok && [formatIpv4(outer.value.dst), outer.value.checksumOk]).toEqual(['192.168.1.10', true]);
    const icmp = parseIcmp(error.subarray(20));
    expect(icmp.ok && icmp.value.checksumOk).toBe(true);
    const quoted = parseIpv4Header(error.subarray(28));
    expect(quoted.ok && [formatIpv4(quoted.value.src), quoted.value.checksumOk]).toEqual(['192.168.1.10', true]);
    expect(udpOf(error.slice(28)).checksumOk).toBe(true);
  });

  it('translates an ICMP error from inside about a forwarded packet to look as if the router sent it', () => {
    const { nat } = setup([{ protocol: 'udp', port: 5000, to: INSIDE, toPort: 6000 }]);
    const incoming = udp(REMOTE, 41000, OUTSIDE, 5000);
    nat.inbound(incoming, OUTSIDE);
    expect(incoming).toEqual(udp(REMOTE, 41000, INSIDE, 6000));
    const unreachable = encodeIpv4({ src: INSIDE, dst: REMOTE, protocol: IP_PROTO_ICMP, ttl: 64, identification: 4, payload: encodeIcmp({ kind: 'destination-unreachable', code: 3, original: incoming }) });
    expect(nat.outbound(unreachable, OUTSIDE).action).toBe('translated');
    const expected = encodeIpv4({ src: OUTSIDE, dst: REMOTE, protocol: IP_PROTO_ICMP, ttl: 64, identification: 4, payload: encodeIcmp({ kind: 'destination-unreachable', code: 3, original: udp(REMOTE, 41000, OUTSIDE, 5000) }) });
    expect(unreachable).toEqual(expected);
  });

  it('translates TCP ports and patches the TCP checksum (pseudo-header included)', () => {
    const { nat } = setup();
    // A SYN, 192.168.1.10:50000 → 198.51.100.10:80, with a 20-byte header and no data (RFC 9293 §3.1).
    const segment = (src: number, dst: number, srcPort: number) => {
      const tcp = new Uint8Array(20);
      tcp.set([srcPort >>> 8, srcPort & 0xff, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xfa, 0xf0]);
      const sum = internetChecksum(tcp, 0, 20, ipv4PseudoHeaderSum(src, dst, IP_PROTO_TCP, 20));
      tcp.set([sum >>> 8, sum & 0xff], 16);
      return encodeIpv4({ src, dst, protocol: IP_PROTO_TCP, ttl: 64, identification: 5, payload: tcp });
    };
    const packet = segment(INSIDE, REMOTE, 50000);
    const verdict = nat.outbound(packet, OUTSIDE);
    expect(verdict.action === 'translated' && verdict.note).toMatch(/TCP checksum 0x[0-9a-f]{4} → 0x[0-9a-f]{4}; the entry expires after 120 s without traffic$/);
    expect(packet).toEqual(segment(OUTSIDE, REMOTE, 50000));
    expect(checksumValid(packet, 20, 20, ipv4PseudoHeaderSum(OUTSIDE, REMOTE, IP_PROTO_TCP, 20))).toBe(true);
  });

  it('refuses unsolicited traffic, and opens an entry from a port-forwarding rule', () => {
    const { nat } = setup([{ protocol: 'udp', port: 5000, to: INSIDE, toPort: 5000 }]);
    const stray = nat.inbound(udp(REMOTE, 41000, OUTSIDE, 7000), OUTSIDE);
    expect(stray).toEqual({ action: 'unmatched', reason: 'UDP from 198.51.100.10:41000 to 192.0.2.2:7000: no connection from inside matches it and no port-forwarding rule covers UDP port 7000' });
    const forwarded = nat.inbound(udp(REMOTE, 41000, OUTSIDE, 5000), OUTSIDE);
    expect(forwarded.action === 'translated' && forwarded.note).toContain('the port-forwarding rule sends UDP port 5000 to 192.168.1.10:5000 (new NAT entry)');
  });

  it('expires entries after the conntrack idle timeouts: UDP 30 s, or 120 s once a stream', () => {
    const { nat, scheduler } = setup();
    nat.outbound(udp(INSIDE, 40000, REMOTE, 53), OUTSIDE);
    scheduler.now = NAT_TIMEOUTS_NS.udp;
    expect(nat.inbound(udp(REMOTE, 53, OUTSIDE, 40000), OUTSIDE).action).toBe('unmatched');

    nat.outbound(udp(INSIDE, 40001, REMOTE, 53), OUTSIDE);
    scheduler.now += 3_000_000_000;
    // Answered 3 s in: a stream now, so it lives 120 s from the reply.
    const reply = nat.inbound(udp(REMOTE, 53, OUTSIDE, 40001), OUTSIDE);
    expect(reply.action === 'translated' && reply.note).toMatch(/expires after 120 s without traffic$/);
    scheduler.now += NAT_TIMEOUTS_NS.udpStream - 1;
    expect(nat.inbound(udp(REMOTE, 53, OUTSIDE, 40001), OUTSIDE).action).toBe('translated');
  });
});
