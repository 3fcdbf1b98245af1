import { describe, expect, it } from 'vitest';
import { encodeEthernet } from './ethernet';
import type { DecodedLayer } from './fields';
import { describeFrame, summarizeFrame } from './frame';
import { encodeIpv4, IP_PROTO_ICMP } from './ipv4';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const padTo60 = (frame: Uint8Array) => {
  const padded = new Uint8Array(Math.max(60, frame.length));
  padded.set(frame);
  return padded;
};

// Captured on a Linux 6.18 veth (sender side, before the 60-byte padding a NIC adds).
const ARP_REQUEST = hex(`
  ff ff ff ff ff ff 02 00 00 00 00 0a 08 06 00 01 08 00 06 04 00 01 02 00 00 00 00 0a c0 a8 01 0a
  00 00 00 00 00 00 c0 a8 01 02`);
const ARP_REPLY = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 0b 08 06 00 01 08 00 06 04 00 02 02 00 00 00 00 0b c0 a8 01 02
  02 00 00 00 00 0a c0 a8 01 0a`);
const ECHO_REQUEST = hex(`
  02 00 00 00 00 0b 02 00 00 00 00 0a 08 00 45 00 00 54 f1 b8 40 00 40 01 c5 93 c0 a8 01 0a c0 a8
  01 02 08 00 9c 50 1c 2a 00 01 cd 05 04 6b 00 00 00 00 ae 40 01 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37`);
const ECHO_REPLY = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 0b 08 00 45 00 00 54 c3 3f 00 00 40 01 34 0d c0 a8 01 02 c0 a8
  01 0a 00 00 a4 50 1c 2a 00 01 cd 05 04 6b 00 00 00 00 ae 40 01 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37`);
const UDP_TTL_1 = hex(`
  02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00 00 24 83 c3 40 00 01 11 28 4f c0 a8 01 0a 0a 00
  02 05 af c8 82 9a 00 10 cd d8 66 6c 69 6e 74 6e 65 74`);
// Linux traceroute's first probe, captured with checksum offload off (see udp.test.ts).
const TRACEROUTE_PROBE = hex(`
  02 00 00 00 01 00 02 00 00 00 00 0a 08 00 45 00 00 3c ed 5e 00 00 01 11 b5 44 0a 00 01 0a 0a 00
  02 05 99 a4 82 9a 00 28 d7 4b 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 55
  56 57 58 59 5a 5b 5c 5d 5e 5f`);
const TIME_EXCEEDED = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 01 08 00 45 c0 00 40 da d0 00 00 40 01 1b d1 c0 a8 01 01 c0 a8
  01 0a 0b 00 4a f6 00 00 00 00 45 00 00 24 83 c3 40 00 01 11 28 4f c0 a8 01 0a 0a 00 02 05 af c8
  82 9a 00 10 cd d8 66 6c 69 6e 74 6e 65 74`);
const PORT_UNREACHABLE = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 01 08 00 45 c0 00 40 e4 59 00 00 3f 01 c8 ec 0a 00 02 05 c0 a8
  01 0a 03 03 52 f2 00 00 00 00 45 00 00 24 83 e3 40 00 3f 11 ea 2e c0 a8 01 0a 0a 00 02 05 af c8
  82 9b 00 10 cd d8 66 6c 69 6e 74 6e 65 74`);

/**
 * The hex dump highlights a field's bytes, so fields must stay inside the frame and never share
 * a byte, except sub-byte fields, which share their bytes with disjoint bit masks.
 * With `complete`, every byte of the frame must belong to some field.
 */
function layoutProblems(layers: DecodedLayer[], frameLength: number, complete: boolean): string[] {
  const problems: string[] = [];
  const owners: string[] = new Array<string>(frameLength).fill('');
  const masks = new Map<string, number>();
  for (const layer of layers) {
    if (layer.offset < 0 || layer.offset + layer.length > frameLength) problems.push(`${layer.protocol} spans past the frame`);
    for (const f of layer.fields) {
      const where = `${layer.protocol}.${f.name} [${f.offset}+${f.length}]`;
      if (f.length <= 0 || f.offset < 0 || f.offset + f.length > frameLength) problems.push(`${where} is outside the frame`);
      const owner = f.bits === undefined ? where : `bits@${f.offset}+${f.length}`;
      if (f.bits !== undefined) {
        const used = masks.get(owner) ?? 0;
        if ((used & parseInt(f.bits, 16)) !== 0) problems.push(`${where} bit mask overlaps`);
        masks.set(owner, used | parseInt(f.bits, 16));
      }
      for (let i = f.offset; i < f.offset + f.length; i++) {
        if (owners[i] !== '' && owners[i] !== owner) problems.push(`${where} overlaps ${owners[i]}`);
        owners[i] = owner;
      }
    }
  }
  for (const [owner, used] of masks) {
    if (used !== 2 ** (8 * Number(owner.split('+')[1])) - 1) problems.push(`${owner}: bit fields leave bits unexplained`);
  }
  if (complete && owners.includes('')) problems.push(`no field covers byte ${owners.indexOf('')}`);
  return problems;
}

const expectCleanLayout = (layers: DecodedLayer[], frameLength: number, complete = true) => expect(layoutProblems(layers, frameLength, complete)).toEqual([]);

const protocols = (layers: DecodedLayer[]) => layers.map((l) => `${l.layer}:${l.protocol}`);

describe('whole frames', () => {
  it('decodes a padded ARP request, padding included', () => {
    const frame = padTo60(ARP_REQUEST);
    const layers = describeFrame(frame);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:ARP']);
    expect(layers[0].fields.at(-1)).toEqual({ name: 'padding', label: 'Padding', offset: 42, length: 18, value: '18 zero bytes, filling the frame to the 60-byte minimum' });
    expect(layers.every((l) => l.problem === undefined)).toBe(true);
    expectCleanLayout(layers, frame.length);
  });

  it('decodes an echo request down to ICMP', () => {
    const layers = describeFrame(ECHO_REQUEST);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:IPv4', '3:ICMP']);
    expect(layers.map((l) => [l.offset, l.length])).toEqual([[0, 98], [14, 84], [34, 64]]);
    expect(layers.every((l) => l.problem === undefined)).toBe(true);
    expectCleanLayout(layers, ECHO_REQUEST.length);
  });

  it('summarises like tshark’s Info column', () => {
    // tshark 4.0 on the same capture printed these (plus "/256" little-endian sequence numbers and request/response links).
    expect([ARP_REQUEST, ARP_REPLY, ECHO_REQUEST, ECHO_REPLY, TIME_EXCEEDED, PORT_UNREACHABLE].map((f) => summarizeFrame(padTo60(f)))).toEqual([
      { protocol: 'ARP', summary: 'Who has 192.168.1.2? Tell 192.168.1.10' },
      { protocol: 'ARP', summary: '192.168.1.2 is at 02:00:00:00:00:0b' },
      { protocol: 'ICMP', summary: 'Echo (ping) request  id=0x1c2a, seq=1, ttl=64' },
      { protocol: 'ICMP', summary: 'Echo (ping) reply    id=0x1c2a, seq=1, ttl=64' },
      { protocol: 'ICMP', summary: 'Time-to-live exceeded (Time to live exceeded in transit)' },
      { protocol: 'ICMP', summary: 'Destination unreachable (Port unreachable)' },
    ]);
  });

  it('decodes an ICMP error with the packet it quotes', () => {
    const layers = describeFrame(TIME_EXCEEDED);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:IPv4', '3:ICMP']);
    expectCleanLayout(layers, TIME_EXCEEDED.length);
  });

  it('decodes UDP at layer 4, and the padding after it', () => {
    const frame = padTo60(UDP_TTL_1);
    const layers = describeFrame(frame);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:IPv4', '4:UDP']);
    expect(layers[2]).toMatchObject({ offset: 34, length: 16, summary: '45000 → 33434 Len=8' });
    // Captured at the sender with checksum offload on: the field holds only the pseudo-header sum, which the OSI view flags.
    expect(layers[2].problem).toBe('The UDP checksum is 0xcdd8 but should be 0x55f6: the receiver discards the damaged datagram');
    expect(layers[0].fields.at(-1)).toMatchObject({ name: 'padding', offset: 50, length: 10 });
    expectCleanLayout(layers, frame.length);
    expect(summarizeFrame(frame)).toEqual({ protocol: 'UDP', summary: '45000 → 33434 Len=8 [bad UDP checksum]' });
    expect(summarizeFrame(TRACEROUTE_PROBE)).toEqual({ protocol: 'UDP', summary: '39332 → 33434 Len=32' });
    const probe = describeFrame(TRACEROUTE_PROBE);
    expect(probe.every((l) => l.problem === undefined)).toBe(true);
    expectCleanLayout(probe, TRACEROUTE_PROBE.length);
  });

  it('shows a payload it cannot decode as Data', () => {
    const ip = encodeIpv4({ src: 0xc0a8010a, dst: 0x0a000205, protocol: 132, ttl: 64, identification: 1, payload: new Uint8Array(20) });
    const frame = encodeEthernet({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:0a', etherType: 0x0800, payload: ip });
    const layers = describeFrame(frame);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:IPv4', '4:Data']);
    expect(layers[2]).toMatchObject({ offset: 34, length: 20, summary: '20 bytes of SCTP (protocol 132), not decoded' });
    expectCleanLayout(layers, frame.length);
    expect(summarizeFrame(frame)).toEqual({ protocol: 'IPv4', summary: '192.168.1.10 → 10.0.2.5 SCTP (20 bytes)' });
  });

  it('shows other EtherTypes as Data and extra bytes as a trailer', () => {
    const lldp = encodeEthernet({ dst: '01:80:c2:00:00:0e', src: '02:00:00:00:00:0a', etherType: 0x88cc, payload: new Uint8Array(40) });
    const layers = describeFrame(lldp);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:Data']);
    expectCleanLayout(layers, lldp.length);
    expect(summarizeFrame(lldp)).toEqual({ protocol: 'Ethernet II', summary: '02:00:00:00:00:0a → 01:80:c2:00:00:0e, EtherType 0x88cc (LLDP)' });
    const withTrailer = new Uint8Array(102);
    withTrailer.set(ECHO_REQUEST);
    withTrailer.set([0xde, 0xad, 0xbe, 0xef], 98);
    const trailer = describeFrame(withTrailer)[0].fields.at(-1);
    expect(trailer).toEqual({ name: 'trailer', label: 'Trailer', offset: 98, length: 4, value: '4 bytes after the packet, ignored' });
  });

  it('does not decode ICMP inside a fragment', () => {
    const ip = encodeIpv4({ src: 0xc0a8010a, dst: 0xc0a80102, protocol: IP_PROTO_ICMP, ttl: 64, identification: 7, moreFragments: true, payload: new Uint8Array(16) });
    const frame = encodeEthernet({ dst: '02:00:00:00:00:0b', src: '02:00:00:00:00:0a', etherType: 0x0800, payload: ip });
    expect(protocols(describeFrame(frame))).toEqual(['2:Ethernet II', '3:IPv4', '4:Data']);
    expect(summarizeFrame(frame)).toEqual({ protocol: 'IPv4', summary: 'Fragmented IP protocol (proto=ICMP 1, off=0, ID=0007)' });
  });

  it('says what is wrong with damaged frames', () => {
    const badIp = ECHO_REQUEST.slice();
    badIp[22] = 1; // TTL 64 → 1 without fixing the checksum
    expect(describeFrame(badIp)[1].problem).toMatch(/checksum is 0xc593 but should be 0x0494/);
    expect(summarizeFrame(badIp).summary).toBe('Echo (ping) request  id=0x1c2a, seq=1, ttl=1 [bad IP checksum]');
    const badIcmp = ECHO_REQUEST.slice();
    badIcmp[97] = 0;
    expect(summarizeFrame(badIcmp).summary).toMatch(/\[bad ICMP checksum\]$/);
    const cut = ECHO_REQUEST.subarray(0, 40);
    const layers = describeFrame(cut);
    expect(protocols(layers)).toEqual(['2:Ethernet II', '3:IPv4', '3:ICMP']);
    expect(layers[1].problem).toMatch(/says 84 bytes, but only 26 arrived/);
    expect(layers[2].problem).toBe('The IP header says this ICMP message is 64 bytes, but only 6 arrived');
    expectCleanLayout(layers, cut.length);
    expect(summarizeFrame(cut)).toEqual({ protocol: 'IPv4', summary: 'Malformed: The total length says 84 bytes, but only 26 arrived: the packet was cut short' });
    expect(summarizeFrame(ARP_REQUEST.subarray(0, 30))).toEqual({ protocol: 'ARP', summary: 'Malformed: An ARP packet for IPv4 over Ethernet is 28 bytes, but only 16 arrived' });
    expect(describeFrame(new Uint8Array(3))[0].problem).toMatch(/only 3/);
    expect(summarizeFrame(new Uint8Array(0)).summary).toMatch(/^Malformed: An Ethernet frame starts with a 14-byte header/);
  });

  it('never throws on garbage and keeps every field inside the frame', () => {
    let state = 0x2545f491;
    const random = (n: number) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    const seeds = [ARP_REQUEST, ECHO_REQUEST, TIME_EXCEEDED, PORT_UNREACHABLE, padTo60(UDP_TTL_1), TRACEROUTE_PROBE];
    for (let round = 0; round < 3000; round++) {
      const frame = seeds[random(seeds.length)].slice(0, random(110));
      for (let flips = random(4); flips > 0 && frame.length > 0; flips--) frame[random(frame.length)] = random(256);
      const problems = layoutProblems(describeFrame(frame), frame.length, false);
      if (problems.length > 0) expect({ frame: Array.from(frame), problems }).toEqual({});
      summarizeFrame(frame);
    }
  });
});
