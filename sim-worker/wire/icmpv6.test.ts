import { describe, expect, it } from 'vitest';
import { tsharkFields } from '../testing/tshark';
import { parseIpv6 as parseAddress } from './address6';
import { encodeEthernet, ETHERTYPE_IPV6 } from './ethernet';
import { describeFrame, summarizeFrame } from './frame';
import { encodeIcmpv6, type Icmpv6Message, parseIcmpv6, quotedEcho6, quoteForIcmpv6Error } from './icmpv6';
import { decrementHopLimit, encodeIpv6, IP_PROTO_ICMPV6, parseIpv6 } from './ipv6';
import { writePcap } from './pcap';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const v6 = (text: string) => {
  const parsed = parseAddress(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

// Built field by field from RFC 8200 §3, RFC 4443 §4.1 and RFC 4861 §4.3–4.4, with the checksums worked out
// independently (Python's ipaddress and struct) and judged "Good" by tshark 4.0's ICMPv6 dissector.
// An echo request "flintnet", id 0x1234 seq 1, 2001:db8:1::a → 2001:db8:1::b, hop limit 64.
const ECHO_FRAME = hex(`
  02 00 00 00 00 0b 02 00 00 00 00 0a 86 dd 60 00 00 00 00 10 3a 40 20 01 0d b8 00 01 00 00 00 00
  00 00 00 00 00 0a 20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 0b 80 00 68 39 12 34 00 01 66 6c
  69 6e 74 6e 65 74`);
// fe80::ff:fe00:a (MAC 02:00:00:00:00:0a) asks who has 2001:db8:1::b, to its solicited-node group, with its MAC as an option.
const NS_FRAME = hex(`
  33 33 ff 00 00 0b 02 00 00 00 00 0a 86 dd 60 00 00 00 00 20 3a ff fe 80 00 00 00 00 00 00 00 00
  00 ff fe 00 00 0a ff 02 00 00 00 00 00 00 00 00 00 01 ff 00 00 0b 87 00 4c 3a 00 00 00 00 20 01
  0d b8 00 01 00 00 00 00 00 00 00 00 00 0b 01 01 02 00 00 00 00 0a`);
// 2001:db8:1::b answers: solicited and override, its MAC as the target link-layer option.
const NA_FRAME = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 0b 86 dd 60 00 00 00 00 20 3a ff 20 01 0d b8 00 01 00 00 00 00
  00 00 00 00 00 0b fe 80 00 00 00 00 00 00 00 00 00 ff fe 00 00 0a 88 00 ba 83 60 00 00 00 20 01
  0d b8 00 01 00 00 00 00 00 00 00 00 00 0b 02 01 02 00 00 00 00 0b`);

function frame(src: string, dst: string, srcMac: string, dstMac: string, hopLimit: number, message: Icmpv6Message): Uint8Array {
  const payload = encodeIcmpv6(message, v6(src), v6(dst));
  return encodeEthernet({ dst: dstMac, src: srcMac, etherType: ETHERTYPE_IPV6, payload: encodeIpv6({ src: v6(src), dst: v6(dst), nextHeader: IP_PROTO_ICMPV6, hopLimit, payload }) });
}

describe('ICMPv6 and neighbour discovery on the wire', () => {
  it('encodes an echo request byte for byte', () => {
    expect(frame('2001:db8:1::a', '2001:db8:1::b', '02:00:00:00:00:0a', '02:00:00:00:00:0b', 64, {
      kind: 'echo-request', identifier: 0x1234, sequence: 1, data: new TextEncoder().encode('flintnet'),
    })).toEqual(ECHO_FRAME);
  });

  it('encodes a neighbour solicitation and advertisement byte for byte', () => {
    expect(frame('fe80::ff:fe00:a', 'ff02::1:ff00:b', '02:00:00:00:00:0a', '33:33:ff:00:00:0b', 255, {
      kind: 'neighbor-solicitation', target: v6('2001:db8:1::b'), options: [{ kind: 'source-link-layer', mac: '02:00:00:00:00:0a' }],
    })).toEqual(NS_FRAME);
    expect(frame('2001:db8:1::b', 'fe80::ff:fe00:a', '02:00:00:00:00:0b', '02:00:00:00:00:0a', 255, {
      kind: 'neighbor-advertisement', router: false, solicited: true, override: true, target: v6('2001:db8:1::b'), options: [{ kind: 'target-link-layer', mac: '02:00:00:00:00:0b' }],
    })).toEqual(NA_FRAME);
  });

  it('parses them back, checksum checked over the pseudo-header', () => {
    const ip = parseIpv6(NA_FRAME.subarray(14));
    if (!ip.ok) throw new Error(ip.error);
    expect(ip.value).toMatchObject({ nextHeader: 58, hopLimit: 255, payloadLength: 32 });
    const na = parseIcmpv6(ip.value.payload, ip.value.src, ip.value.dst);
    expect(na).toMatchObject({ ok: true, value: { kind: 'neighbor-advertisement', solicited: true, override: true, router: false, checksumOk: true, options: [{ kind: 'target-link-layer', mac: '02:00:00:00:00:0b' }] } });
    // The same message between other addresses fails its checksum: the pseudo-header covers them.
    expect(parseIcmpv6(ip.value.payload, v6('2001:db8:1::c'), ip.value.dst)).toMatchObject({ ok: true, value: { checksumOk: false } });
    const badOption = NS_FRAME.slice();
    badOption[14 + 40 + 25] = 0;
    expect(parseIcmpv6(badOption.subarray(54), v6('fe80::ff:fe00:a'), v6('ff02::1:ff00:b'))).toMatchObject({ ok: false, error: expect.stringMatching(/length is 0/) });
  });

  it('summarises and describes frames as Wireshark does', () => {
    expect(summarizeFrame(ECHO_FRAME)).toEqual({ protocol: 'ICMPv6', summary: 'Echo (ping) request id=0x1234, seq=1, hop limit=64' });
    expect(summarizeFrame(NS_FRAME).summary).toBe('Neighbor Solicitation for 2001:db8:1::b from 02:00:00:00:00:0a');
    expect(summarizeFrame(NA_FRAME).summary).toBe('Neighbor Advertisement 2001:db8:1::b (sol, ovr) is at 02:00:00:00:00:0b');
    const layers = describeFrame(NS_FRAME);
    expect(layers.map((l) => l.protocol)).toEqual(['Ethernet II', 'IPv6', 'ICMPv6']);
    expect(layers.every((l) => l.problem === undefined)).toBe(true);
    expect(layers[1].fields.find((f) => f.name === 'hop-limit')).toMatchObject({ offset: 21, value: '255' });
    expect(layers[2].fields.find((f) => f.name === 'checksum')!.value).toBe('0x4c3a (correct)');
    expect(layers[2].fields.find((f) => f.name === 'option-1')).toMatchObject({ offset: 78, length: 8, value: '02:00:00:00:00:0a' });
    const damaged = ECHO_FRAME.slice();
    damaged[damaged.length - 1] ^= 1;
    expect(describeFrame(damaged)[2].problem).toMatch(/checksum is 0x6839 but should be/);
  });

  it('quotes the offending packet in an error, and finds the echo in it', () => {
    const packet = ECHO_FRAME.subarray(14);
    const quote = quoteForIcmpv6Error(packet);
    expect(quote).toEqual(packet);
    expect(quotedEcho6(quote)).toEqual({ identifier: 0x1234, sequence: 1 });
    const forwarded = packet.slice();
    expect(decrementHopLimit(forwarded)).toBe(63);
    const error = frame('2001:db8:1::1', '2001:db8:1::a', '02:00:00:00:00:01', '02:00:00:00:00:0a', 64, { kind: 'time-exceeded', code: 0, original: quote });
    expect(summarizeFrame(error).summary).toBe('Time Exceeded (hop limit exceeded in transit)');
  });

  it('passes tshark: no malformed packet, good checksums, the same Info lines', () => {
    const ra = frame('fe80::ff:fe00:1', 'ff02::1', '02:00:00:00:00:01', '33:33:00:00:00:01', 255, {
      kind: 'router-advertisement', curHopLimit: 64, managed: false, other: false, routerLifetime: 1800, reachableTimeMs: 0, retransTimerMs: 0,
      options: [{ kind: 'source-link-layer', mac: '02:00:00:00:00:01' }, { kind: 'prefix-information', prefix: v6('2001:db8:1::'), prefixLength: 64, onLink: true, autonomous: true, validLifetime: 86400, preferredLifetime: 14400 }],
    });
    const frames = [ECHO_FRAME, NS_FRAME, NA_FRAME, ra];
    const rows = tsharkFields(writePcap(frames.map((bytes, i) => ({ t: i * 1000, bytes }))), ['icmpv6.checksum.status', '_ws.malformed', '_ws.col.Info']);
    expect(rows.map((r) => r[0])).toEqual(['1', '1', '1', '1']);
    expect(rows.map((r) => r[1])).toEqual(['', '', '', '']);
    expect(rows.map((r) => r[2])).toEqual(frames.map((f) => summarizeFrame(f).summary));
  });
});
