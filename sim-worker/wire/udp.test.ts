import { describe, expect, it } from 'vitest';
import { ipv4FromBytes } from './address';
import { checksumValid } from './checksum';
import { ipv4PseudoHeaderSum, IP_PROTO_UDP } from './ipv4';
import { describeUdp, encodeUdp, parseUdp, quotedUdp, udpSummary } from './udp';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

// The first probe of Linux traceroute 2.1.2 (`traceroute -n 10.0.2.5`), captured on a Linux 6.18 veth
// with checksum offload off (with it on, a capture at the sender holds only the pseudo-header sum):
// 10.0.1.10:39332 → 10.0.2.5:33434, TTL 1, no DF, 32 data bytes "@ABC…_" (0x40 + i).
const PROBE_FRAME = hex(`
  02 00 00 00 01 00 02 00 00 00 00 0a 08 00 45 00 00 3c ed 5e 00 00 01 11 b5 44 0a 00 01 0a 0a 00
  02 05 99 a4 82 9a 00 28 d7 4b 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 55
  56 57 58 59 5a 5b 5c 5d 5e 5f`);
const SRC = ipv4FromBytes(PROBE_FRAME, 26);
const DST = ipv4FromBytes(PROBE_FRAME, 30);
const UDP = PROBE_FRAME.subarray(34);
const DATA = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i);

describe('UDP (RFC 768)', () => {
  it('decodes a captured traceroute probe', () => {
    expect(parseUdp(UDP, SRC, DST)).toEqual({
      ok: true,
      value: { srcPort: 39332, dstPort: 33434, length: 40, checksum: 0xd74b, checksumOk: true, payload: DATA },
    });
  });

  it('encodes exactly the captured bytes, checksum included', () => {
    expect(encodeUdp({ srcPort: 39332, dstPort: 33434, payload: DATA }, SRC, DST)).toEqual(UDP);
  });

  it('computes the checksum over the pseudo-header: addresses, protocol 17 and the UDP length', () => {
    // By hand: the pseudo-header words, then the header with its checksum field zeroed, then the data.
    const pseudo = [0x0a00, 0x010a, 0x0a00, 0x0205, 0x0011, 0x0028];
    const zeroed = UDP.slice();
    zeroed[6] = zeroed[7] = 0;
    let sum = pseudo.reduce((a, b) => a + b, 0);
    for (let i = 0; i < zeroed.length; i += 2) sum += (zeroed[i] << 8) | zeroed[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(~sum & 0xffff).toBe(0xd74b);
    expect(ipv4PseudoHeaderSum(SRC, DST, IP_PROTO_UDP, 40)).toBe(pseudo.reduce((a, b) => a + b, 0));
    expect(checksumValid(UDP, 0, UDP.length, ipv4PseudoHeaderSum(SRC, DST, IP_PROTO_UDP, 40))).toBe(true);
    // The same bytes between other addresses do not check out: the pseudo-header is what ties UDP to IP.
    expect(parseUdp(UDP, SRC, DST + 1)).toMatchObject({ ok: true, value: { checksumOk: false } });
  });

  it('sends a computed checksum of 0 as 0xffff, and accepts 0 as "none"', () => {
    // Two data bytes equal to the checksum of the datagram with zero data make everything sum to 0xffff, so the checksum computes to 0.
    const base = encodeUdp({ srcPort: 1, dstPort: 2, payload: new Uint8Array(2) }, SRC, DST);
    const fill = (base[6] << 8) | base[7];
    const zero = encodeUdp({ srcPort: 1, dstPort: 2, payload: Uint8Array.of(fill >>> 8, fill & 0xff) }, SRC, DST);
    expect([zero[6], zero[7]]).toEqual([0xff, 0xff]);
    expect(parseUdp(zero, SRC, DST)).toMatchObject({ ok: true, value: { checksumOk: true } });
    const none = UDP.slice();
    none[6] = none[7] = 0;
    expect(parseUdp(none, SRC, DST)).toMatchObject({ ok: true, value: { checksum: 0, checksumOk: true } });
  });

  it('refuses datagrams whose length does not add up', () => {
    expect(parseUdp(UDP.subarray(0, 7), SRC, DST)).toEqual({ ok: false, error: 'A UDP header is 8 bytes, but only 7 arrived' });
    expect(parseUdp(UDP.subarray(0, 20), SRC, DST)).toEqual({ ok: false, error: 'The UDP length field says 40 bytes, but the IP packet holds only 20' });
    const short = UDP.slice();
    short[5] = 4;
    expect(parseUdp(short, SRC, DST)).toEqual({ ok: false, error: 'The UDP length field says 4 bytes, less than the 8-byte header itself' });
  });

  it('finds the ports of a datagram quoted in an ICMP error', () => {
    const quote = PROBE_FRAME.subarray(14, 14 + 28);
    expect(quotedUdp(quote)).toEqual({ src: SRC, dst: DST, srcPort: 39332, dstPort: 33434 });
    expect(quotedUdp(PROBE_FRAME.subarray(14, 14 + 21))).toBeUndefined();
  });

  it('describes its fields at layer 4 with a Wireshark-style summary', () => {
    const layer = describeUdp(PROBE_FRAME, 34, 40, SRC, DST);
    expect(layer).toMatchObject({ layer: 4, protocol: 'UDP', offset: 34, length: 40, summary: '39332 → 33434 Len=32' });
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['src-port', 34, 2, '39332'],
      ['dst-port', 36, 2, '33434'],
      ['length', 38, 2, '40'],
      ['checksum', 40, 2, '0xd74b (correct)'],
      ['data', 42, 32, '32 bytes'],
    ]);
    expect(udpSummary({ srcPort: 53, dstPort: 40000, length: 8 })).toBe('53 → 40000 Len=0');
  });

  it('says what is wrong with a damaged or cut-short datagram', () => {
    const damaged = PROBE_FRAME.slice();
    damaged[50] ^= 1;
    const layer = describeUdp(damaged, 34, 40, SRC, DST);
    expect(layer.fields[3].value).toBe('0xd74b (wrong, should be 0xd64b)');
    expect(layer.problem).toMatch(/^The UDP checksum is 0xd74b but should be 0xd64b/);
    const cut = describeUdp(PROBE_FRAME.subarray(0, 50), 34, 40, SRC, DST);
    expect(cut.fields[3].value).toBe('0xd74b (not checked: the datagram is incomplete)');
    expect(cut.problem).toBe('The IP header says this UDP datagram is 40 bytes, but only 16 arrived');
    const stub = describeUdp(PROBE_FRAME.subarray(0, 39), 34, 40, SRC, DST);
    expect(stub.fields.map((f) => [f.name, f.offset, f.length])).toEqual([['src-port', 34, 2], ['dst-port', 36, 2], ['truncated', 38, 1]]);
    expect(stub.problem).toBe('The IP header says this UDP datagram is 40 bytes, but only 5 arrived');
  });
});
