import { describe, expect, it } from 'vitest';
import { checksumValid, internetChecksum } from './checksum';
import {
  decrementTtl, describeIpv4, dscpName, encodeIpv4, IP_PROTO_ICMP, IP_PROTO_UDP, ipv4HeaderChecksum, ipv4PseudoHeaderSum, parseIpv4, parseIpv4Header,
} from './ipv4';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

// Captured on a Linux 6.18 veth, Ethernet header removed. The request's IP header was built by the kernel
// for a raw ICMP socket (DF set); the reply is the kernel's own (DF clear).
const ECHO_REQUEST = hex(`
  45 00 00 54 f1 b8 40 00 40 01 c5 93 c0 a8 01 0a c0 a8 01 02 08 00 9c 50 1c 2a 00 01 cd 05 04 6b
  00 00 00 00 ae 40 01 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23
  24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37`);
const ECHO_REPLY = hex(`
  45 00 00 54 c3 3f 00 00 40 01 34 0d c0 a8 01 02 c0 a8 01 0a 00 00 a4 50 1c 2a 00 01 cd 05 04 6b
  00 00 00 00 ae 40 01 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23
  24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37`);
// A Linux router's Time Exceeded: ICMP errors go out with TOS 0xc0 (DSCP CS6, "internetwork control").
const TIME_EXCEEDED = hex(`
  45 c0 00 40 da d0 00 00 40 01 1b d1 c0 a8 01 01 c0 a8 01 0a 0b 00 4a f6 00 00 00 00 45 00 00 24
  83 c3 40 00 01 11 28 4f c0 a8 01 0a 0a 00 02 05 af c8 82 9a 00 10 cd d8 66 6c 69 6e 74 6e 65 74`);
// UDP with 8 bytes of data ("flintnet"), sent with TTL 1 towards 10.0.2.5.
const UDP_TTL_1 = hex(`
  45 00 00 24 83 c3 40 00 01 11 28 4f c0 a8 01 0a 0a 00 02 05 af c8 82 9a 00 10 cd d8 66 6c 69 6e
  74 6e 65 74`);

const parse = (bytes: Uint8Array) => {
  const parsed = parseIpv4(bytes);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('IPv4 (RFC 791)', () => {
  it('decodes a captured echo request', () => {
    const p = parse(ECHO_REQUEST);
    expect(p).toMatchObject({
      headerLength: 20, totalLength: 84, dscp: 0, ecn: 0, identification: 0xf1b8, dontFragment: true, moreFragments: false,
      fragmentOffset: 0, ttl: 64, protocol: IP_PROTO_ICMP, checksum: 0xc593, checksumOk: true, src: 0xc0a8010a, dst: 0xc0a80102,
    });
    expect(p.payload.length).toBe(64);
    expect(p.payload.buffer).toBe(ECHO_REQUEST.buffer);
    expect(parse(ECHO_REPLY)).toMatchObject({ identification: 0xc33f, dontFragment: false, checksum: 0x340d, checksumOk: true });
    expect(parse(TIME_EXCEEDED)).toMatchObject({ dscp: 48, ecn: 0, ttl: 64, checksumOk: true });
  });

  it('encodes exactly the captured bytes', () => {
    const request = encodeIpv4({ src: 0xc0a8010a, dst: 0xc0a80102, protocol: IP_PROTO_ICMP, ttl: 64, identification: 0xf1b8, dontFragment: true, payload: ECHO_REQUEST.subarray(20) });
    expect(request).toEqual(ECHO_REQUEST);
    const reply = encodeIpv4({ src: 0xc0a80102, dst: 0xc0a8010a, protocol: IP_PROTO_ICMP, ttl: 64, identification: 0xc33f, payload: ECHO_REPLY.subarray(20) });
    expect(reply).toEqual(ECHO_REPLY);
    const error = encodeIpv4({ src: 0xc0a80101, dst: 0xc0a8010a, protocol: IP_PROTO_ICMP, ttl: 64, identification: 0xdad0, dscp: 48, payload: TIME_EXCEEDED.subarray(20) });
    expect(error).toEqual(TIME_EXCEEDED);
  });

  it('computes the checksum of the well-known example header (0xb861)', () => {
    const header = hex('45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7');
    expect(ipv4HeaderChecksum(header, 0, 20)).toBe(0xb861);
    const encoded = encodeIpv4({ src: 0xc0a80001, dst: 0xc0a800c7, protocol: IP_PROTO_UDP, ttl: 64, identification: 0, dontFragment: true, payload: new Uint8Array(0x73 - 20) });
    expect(encoded.subarray(0, 20)).toEqual(header);
  });

  it('encodes fragments with the offset in 8-byte units', () => {
    const fragment = parse(encodeIpv4({ src: 1, dst: 2, protocol: IP_PROTO_UDP, ttl: 64, identification: 7, moreFragments: true, fragmentOffset: 1480, payload: new Uint8Array(8) }));
    expect(fragment).toMatchObject({ moreFragments: true, dontFragment: false, fragmentOffset: 1480, checksumOk: true });
  });

  it('cuts Ethernet padding off the payload', () => {
    const padded = new Uint8Array(46);
    padded.set(UDP_TTL_1);
    expect(parse(padded).payload).toEqual(UDP_TTL_1.subarray(20));
  });

  it('says where in the frame its payload lies, to be read in place', () => {
    const frame = new Uint8Array(14 + 46);
    frame.set(UDP_TTL_1, 14);
    const parsed = parseIpv4(frame, 14);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.bytes).toBe(frame);
    expect([parsed.value.payloadAt, parsed.value.payloadEnd]).toEqual([34, 14 + UDP_TTL_1.length]);
    expect(parsed.value.payload).toEqual(UDP_TTL_1.subarray(20));
  });

  it('reports a bad checksum without refusing the packet', () => {
    const damaged = ECHO_REQUEST.slice();
    damaged[8] = 63;
    expect(parse(damaged).checksumOk).toBe(false);
    const layer = describeIpv4(damaged, 0);
    expect(layer.fields.find((f) => f.name === 'checksum')?.value).toBe('0xc593 (wrong, should be 0xc693)');
    expect(layer.problem).toMatch(/checksum is 0xc593 but should be 0xc693/);
  });

  it('reads the header of a packet quoted by an ICMP error, cut after 8 bytes of payload', () => {
    const quote = UDP_TTL_1.subarray(0, 28);
    expect(parseIpv4(quote).ok).toBe(false);
    const header = parseIpv4Header(quote);
    expect(header).toMatchObject({ ok: true, value: { totalLength: 36, ttl: 1, protocol: IP_PROTO_UDP, checksumOk: true } });
    if (header.ok) expect(header.value.payload).toEqual(hex('af c8 82 9a 00 10 cd d8'));
  });

  it('refuses what is not a whole IPv4 packet, saying why', () => {
    const error = (bytes: Uint8Array) => {
      const parsed = parseIpv4(bytes);
      return parsed.ok ? 'ok' : parsed.error;
    };
    expect(error(ECHO_REQUEST.subarray(0, 19))).toBe('An IPv4 header is at least 20 bytes, but only 19 arrived');
    expect(error(ECHO_REQUEST.subarray(0, 60))).toBe('The total length says 84 bytes, but only 60 arrived: the packet was cut short');
    const v6 = ECHO_REQUEST.slice();
    v6[0] = 0x60;
    expect(error(v6)).toMatch(/version field says 6 \(IPv6\)/);
    const ihl = ECHO_REQUEST.slice();
    ihl[0] = 0x44;
    expect(error(ihl)).toMatch(/says 4 \(×4 = 16 bytes\), less than the 20-byte minimum/);
    const total = ECHO_REQUEST.slice();
    total[3] = 10;
    expect(error(total)).toMatch(/total length \(10 bytes\) is shorter than the header/);
  });

  it('decrements TTL with an incremental checksum that matches a full recompute (RFC 1624)', () => {
    for (const original of [ECHO_REQUEST, ECHO_REPLY, TIME_EXCEEDED, UDP_TTL_1]) {
      const packet = original.slice();
      packet[8] = 255;
      packet.set([0, 0], 10);
      const fresh = internetChecksum(packet, 0, 20);
      packet.set([fresh >>> 8, fresh & 0xff], 10);
      for (let ttl = 254; ttl >= 0; ttl--) {
        expect(decrementTtl(packet)).toBe(ttl);
        expect(checksumValid(packet, 0, 20)).toBe(true);
        expect((packet[10] << 8) | packet[11]).toBe(ipv4HeaderChecksum(packet, 0, 20));
      }
      expect(decrementTtl(packet)).toBe(0);
    }
  });

  it('decrements TTL in place through a view into a frame', () => {
    const frame = new Uint8Array(14 + ECHO_REQUEST.length);
    frame.set(ECHO_REQUEST, 14);
    decrementTtl(frame.subarray(14));
    expect(parse(frame.subarray(14))).toMatchObject({ ttl: 63, checksum: 0xc693, checksumOk: true });
  });

  it('sums the UDP/TCP pseudo-header', () => {
    // Linux with checksum offload leaves exactly this sum in the UDP checksum field for the NIC to finish.
    expect(ipv4PseudoHeaderSum(0xc0a8010a, 0x0a000205, IP_PROTO_UDP, 16)).toBe(0xcdd8);
    const udp = UDP_TTL_1.slice(20);
    udp.set([0, 0], 6);
    const checksum = internetChecksum(udp, 0, udp.length, ipv4PseudoHeaderSum(0xc0a8010a, 0x0a000205, IP_PROTO_UDP, udp.length));
    udp.set([checksum >>> 8, checksum & 0xff], 6);
    expect(checksumValid(udp, 0, udp.length, ipv4PseudoHeaderSum(0xc0a8010a, 0x0a000205, IP_PROTO_UDP, udp.length))).toBe(true);
  });

  it('describes every header field, sub-byte ones with their bit masks', () => {
    const frame = new Uint8Array(14 + ECHO_REQUEST.length);
    frame.set(ECHO_REQUEST, 14);
    const layer = describeIpv4(frame, 14);
    expect(layer).toMatchObject({ layer: 3, protocol: 'IPv4', offset: 14, length: 84, summary: '192.168.1.10 → 192.168.1.2, ICMP, TTL 64' });
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.bits, f.value])).toEqual([
      ['version', 14, 1, '0xf0', '4'],
      ['ihl', 14, 1, '0x0f', '5 (20 bytes)'],
      ['dscp', 15, 1, '0xfc', '0 (CS0, default)'],
      ['ecn', 15, 1, '0x03', '0 (Not-ECT, not ECN-capable)'],
      ['total-length', 16, 2, undefined, '84'],
      ['identification', 18, 2, undefined, '0xf1b8 (61880)'],
      ['reserved-flag', 20, 2, '0x8000', '0 (not set)'],
      ['dont-fragment', 20, 2, '0x4000', '1 (set)'],
      ['more-fragments', 20, 2, '0x2000', '0 (not set)'],
      ['fragment-offset', 20, 2, '0x1fff', '0'],
      ['ttl', 22, 1, undefined, '64'],
      ['protocol', 23, 1, undefined, 'ICMP (1)'],
      ['checksum', 24, 2, undefined, '0xc593 (correct)'],
      ['src', 26, 4, undefined, '192.168.1.10'],
      ['dst', 30, 4, undefined, '192.168.1.2'],
    ]);
  });

  it('describes options, and what arrived of a truncated header', () => {
    const withOptions = new Uint8Array(24);
    withOptions.set(ECHO_REQUEST.subarray(0, 20));
    withOptions.set([0x46, 0, 0, 24]);
    withOptions.set([0x94, 0x04, 0x00, 0x00], 20); // Router Alert (RFC 2113)
    withOptions.set([0, 0], 10);
    withOptions.set([ipv4HeaderChecksum(withOptions, 0, 24) >>> 8, ipv4HeaderChecksum(withOptions, 0, 24) & 0xff], 10);
    const layer = describeIpv4(withOptions, 0);
    expect(layer.fields.at(-1)).toEqual({ name: 'options', label: 'Options', offset: 20, length: 4, value: '4 bytes: 94 04 00 00' });
    expect(layer.problem).toBeUndefined();
    const truncated = describeIpv4(ECHO_REQUEST.subarray(0, 13), 0);
    expect(truncated.fields.map((f) => f.name)).toEqual(['version', 'ihl', 'dscp', 'ecn', 'total-length', 'identification', 'reserved-flag', 'dont-fragment', 'more-fragments', 'fragment-offset', 'ttl', 'protocol', 'checksum']);
    expect(truncated.fields.at(-1)?.value).toBe('0xc593 (not checked: the header is incomplete)');
    expect(truncated.problem).toBe('An IPv4 header is at least 20 bytes, but only 13 arrived');
    expect(describeIpv4(new Uint8Array(0), 0).fields).toEqual([]);
  });

  it('names DSCP code points', () => {
    expect([0, 8, 10, 22, 46, 48, 3].map(dscpName)).toEqual(['CS0, default', 'CS1', 'AF11', 'AF23', 'EF, expedited forwarding', 'CS6', 'unassigned']);
  });
});
