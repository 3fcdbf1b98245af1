import { describe, expect, it } from 'vitest';
import { parseIpv4 as parseAddress } from './address';
import { ARP_REPLY, ARP_REQUEST, arpSummary, describeArp, encodeArp, parseArp } from './arp';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const ip = (text: string) => {
  const parsed = parseAddress(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

// Captured on a Linux 6.18 veth: 192.168.1.10 asks for 192.168.1.2, whose kernel answers.
const REQUEST_FRAME = hex(`
  ff ff ff ff ff ff 02 00 00 00 00 0a 08 06 00 01 08 00 06 04 00 01 02 00 00 00 00 0a c0 a8 01 0a
  00 00 00 00 00 00 c0 a8 01 02`);
const REPLY_FRAME = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 0b 08 06 00 01 08 00 06 04 00 02 02 00 00 00 00 0b c0 a8 01 02
  02 00 00 00 00 0a c0 a8 01 0a`);

const request = { op: ARP_REQUEST, senderMac: '02:00:00:00:00:0a', senderIp: ip('192.168.1.10'), targetMac: '00:00:00:00:00:00', targetIp: ip('192.168.1.2') };
const reply = { op: ARP_REPLY, senderMac: '02:00:00:00:00:0b', senderIp: ip('192.168.1.2'), targetMac: '02:00:00:00:00:0a', targetIp: ip('192.168.1.10') };

describe('ARP (RFC 826)', () => {
  it('decodes a captured request and reply', () => {
    expect(parseArp(REQUEST_FRAME.subarray(14))).toEqual({ ok: true, value: request });
    expect(parseArp(REQUEST_FRAME, 14)).toEqual({ ok: true, value: request });
    expect(parseArp(REPLY_FRAME.subarray(14))).toEqual({ ok: true, value: reply });
  });

  it('encodes exactly the captured bytes', () => {
    expect(encodeArp(request)).toEqual(REQUEST_FRAME.subarray(14));
    expect(encodeArp(reply)).toEqual(REPLY_FRAME.subarray(14));
  });

  it('ignores Ethernet padding after the 28 bytes', () => {
    const padded = new Uint8Array(46);
    padded.set(REQUEST_FRAME.subarray(14));
    expect(parseArp(padded)).toEqual({ ok: true, value: request });
  });

  it('refuses truncated packets and other hardware or protocol types', () => {
    const short = parseArp(REQUEST_FRAME.subarray(14, 41));
    expect(short).toEqual({ ok: false, error: 'An ARP packet for IPv4 over Ethernet is 28 bytes, but only 27 arrived' });
    expect(parseArp(REQUEST_FRAME.subarray(0, 41), 14)).toEqual(short);
    const tokenRing = encodeArp(request);
    tokenRing[1] = 6;
    expect(parseArp(tokenRing)).toMatchObject({ ok: false, error: expect.stringMatching(/hardware type 6 is not Ethernet/) });
    const ipv6 = encodeArp(request);
    ipv6[2] = 0x86;
    ipv6[3] = 0xdd;
    expect(parseArp(ipv6)).toMatchObject({ ok: false, error: expect.stringMatching(/protocol type 0x86dd is not IPv4/) });
    const sizes = encodeArp(request);
    sizes[4] = 8;
    expect(parseArp(sizes)).toMatchObject({ ok: false, error: expect.stringMatching(/says 8 and 4/) });
  });

  it('describes every field above Ethernet, with a tshark-style summary', () => {
    const layer = describeArp(REQUEST_FRAME, 14);
    expect(layer).toMatchObject({ layer: 3, protocol: 'ARP', offset: 14, length: 28, summary: 'Who has 192.168.1.2? Tell 192.168.1.10' });
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['hardware-type', 14, 2, 'Ethernet (1)'],
      ['protocol-type', 16, 2, '0x0800 (IPv4)'],
      ['hardware-size', 18, 1, '6'],
      ['protocol-size', 19, 1, '4'],
      ['op', 20, 2, 'request (1)'],
      ['sender-mac', 22, 6, '02:00:00:00:00:0a'],
      ['sender-ip', 28, 4, '192.168.1.10'],
      ['target-mac', 32, 6, '00:00:00:00:00:00'],
      ['target-ip', 38, 4, '192.168.1.2'],
    ]);
    expect(describeArp(REPLY_FRAME, 14).summary).toBe('192.168.1.2 is at 02:00:00:00:00:0b');
  });

  it('describes what arrived of a truncated packet and says what is missing', () => {
    const layer = describeArp(REQUEST_FRAME.subarray(0, 30), 14);
    expect(layer.fields.map((f) => f.name)).toEqual(['hardware-type', 'protocol-type', 'hardware-size', 'protocol-size', 'op', 'sender-mac']);
    expect(layer.length).toBe(16);
    expect(layer.problem).toBe('An ARP packet for IPv4 over Ethernet is 28 bytes, but only 16 arrived');
  });

  it('reports a bad opcode or hardware type as a problem', () => {
    const frame = REQUEST_FRAME.slice();
    frame[21] = 9;
    expect(describeArp(frame, 14).problem).toBe('ARP opcode 9 is neither a request (1) nor a reply (2)');
    frame[15] = 6;
    expect(describeArp(frame, 14).problem).toMatch(/hardware type 6/);
  });

  it('names gratuitous ARP and probes as Wireshark does', () => {
    const me = ip('192.168.1.10');
    expect(arpSummary({ ...request, senderIp: 0 })).toBe('Who has 192.168.1.2? (ARP Probe)');
    expect(arpSummary({ ...request, targetIp: me })).toBe('ARP Announcement for 192.168.1.10');
    expect(arpSummary({ ...request, targetIp: me, targetMac: 'ff:ff:ff:ff:ff:ff' })).toBe('Gratuitous ARP for 192.168.1.10 (Request)');
    expect(arpSummary({ ...reply, targetIp: reply.senderIp })).toBe('Gratuitous ARP for 192.168.1.2 (Reply)');
  });
});
