import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './address';
import { encodeEthernet, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ethernet';
import { describeFrame, summarizeFrame } from './frame';
import { encodeIpv6 } from './ipv6';
import { encodeIpv4, IP_PROTO_TCP, ipv4PseudoHeaderSum } from './ipv4';
import { writePcap } from './pcap';
import { describeTcp, encodeTcp, encodeTcp6, parseTcp, parseTcp6, TCP_ACK, TCP_SYN, tcpFlagsText, tcpSummary } from './tcp';
import { tsharkFields } from '../testing/tshark';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const ip = (text: string) => (parseIpv4(text) as { ok: true; value: number }).value;
const CLIENT = ip('10.0.1.10');
const SERVER = ip('10.0.2.5');

// Built field by field from RFC 9293 §3.1 and RFC 7323, in the layout Linux's tcp_options_write gives a SYN
// with net.ipv4.tcp_timestamps=1 (its default): 10.0.1.10:48612 → 10.0.2.5:80, ISN 3054125373,
// data offset 10 words, SYN, window 64240; options MSS 1460 | SACK_PERM | TS 1823456789/0 | NOP | WS 7.
// The checksum 0x55bf was summed by a separate Python script over the pseudo-header and the segment, and tshark agrees (below).
const LINUX_SYN_WITH_TIMESTAMPS = hex(`
  bd e4 00 50 b6 0a 41 3d 00 00 00 00 a0 02 fa f0 55 bf 00 00
  02 04 05 b4 04 02 08 0a 6c af be 15 00 00 00 00 01 03 03 07`);
// The same SYN with timestamps off (what this engine's stack sends): MSS | NOP NOP SACK_PERM | NOP WS; 8 words.
const LINUX_SYN = hex(`
  bd e4 00 50 b6 0a 41 3d 00 00 00 00 80 02 fa f0 a7 95 00 00
  02 04 05 b4 01 01 04 02 01 03 03 07`);
// The server's SYN-ACK: its ISN 2147495993 (0x80003039), ACK = client ISN + 1, the same options.
const LINUX_SYN_ACK = hex(`
  00 50 bd e4 80 00 30 39 b6 0a 41 3e 80 12 fa f0 f7 4a 00 00
  02 04 05 b4 01 01 04 02 01 03 03 07`);

const SYN_OPTIONS = { mss: 1460, sackPermitted: true, windowScale: 7 };

describe('TCP (RFC 9293)', () => {
  it('encodes a Linux SYN with timestamps exactly, checksum included', () => {
    const bytes = encodeTcp({ srcPort: 48612, dstPort: 80, seq: 3054125373, ack: 0, flags: TCP_SYN, window: 64240, options: { ...SYN_OPTIONS, timestamp: { value: 1823456789, echo: 0 } }, payload: new Uint8Array(0) }, CLIENT, SERVER);
    expect(bytes).toEqual(LINUX_SYN_WITH_TIMESTAMPS);
  });

  it('encodes the SYN and SYN-ACK without timestamps', () => {
    expect(encodeTcp({ srcPort: 48612, dstPort: 80, seq: 3054125373, ack: 0, flags: TCP_SYN, window: 64240, options: SYN_OPTIONS, payload: new Uint8Array(0) }, CLIENT, SERVER)).toEqual(LINUX_SYN);
    expect(encodeTcp({ srcPort: 80, dstPort: 48612, seq: 2147495993, ack: 3054125374, flags: TCP_SYN | TCP_ACK, window: 64240, options: SYN_OPTIONS, payload: new Uint8Array(0) }, SERVER, CLIENT)).toEqual(LINUX_SYN_ACK);
  });

  it('parses the options back, and checks the checksum against the pseudo-header', () => {
    expect(parseTcp(LINUX_SYN_WITH_TIMESTAMPS, CLIENT, SERVER)).toEqual({
      ok: true,
      value: {
        srcPort: 48612, dstPort: 80, seq: 3054125373, ack: 0, headerLength: 40, flags: TCP_SYN, window: 64240, checksum: 0x55bf, checksumOk: true, urgent: 0,
        options: { mss: 1460, sackPermitted: true, timestamp: { value: 1823456789, echo: 0 }, windowScale: 7 },
        payload: new Uint8Array(0),
      },
    });
    // By hand: the pseudo-header (addresses, 6, length 32) plus the segment's words sum to 0xffff.
    let sum = ipv4PseudoHeaderSum(CLIENT, SERVER, IP_PROTO_TCP, 32);
    for (let i = 0; i < LINUX_SYN.length; i += 2) sum += (LINUX_SYN[i] << 8) | LINUX_SYN[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
    expect(parseTcp(LINUX_SYN, CLIENT, SERVER + 1)).toMatchObject({ ok: true, value: { checksumOk: false } });
  });

  it('carries SACK blocks after two NOPs, and data after the header', () => {
    const data = new TextEncoder().encode('hello');
    const bytes = encodeTcp({ srcPort: 80, dstPort: 48612, seq: 1, ack: 2, flags: TCP_ACK, window: 502, options: { sack: [{ left: 100, right: 200 }] }, payload: data }, SERVER, CLIENT);
    expect(Array.from(bytes.subarray(20, 32))).toEqual([1, 1, 5, 10, 0, 0, 0, 100, 0, 0, 0, 200]);
    const parsed = parseTcp(bytes, SERVER, CLIENT);
    expect(parsed).toMatchObject({ ok: true, value: { headerLength: 32, checksumOk: true, options: { sack: [{ left: 100, right: 200 }] }, payload: data } });
    expect(tcpSummary(bytes)).toBe('80 → 48612 [ACK] Seq=1 Ack=2 Win=502 Len=5 SLE=100 SRE=200');
  });

  it('refuses headers that do not add up', () => {
    expect(parseTcp(LINUX_SYN.subarray(0, 19), CLIENT, SERVER)).toEqual({ ok: false, error: 'A TCP header is at least 20 bytes, but only 19 arrived' });
    expect(parseTcp(LINUX_SYN.subarray(0, 24), CLIENT, SERVER)).toEqual({ ok: false, error: 'The data offset says the header is 32 bytes, but the segment holds only 24' });
    const badOption = LINUX_SYN.slice();
    badOption[21] = 13;
    expect(parseTcp(badOption, CLIENT, SERVER)).toEqual({ ok: false, error: 'TCP option kind 2 says it is 13 bytes, which does not fit the options' });
    badOption[21] = 8;
    expect(parseTcp(badOption, CLIENT, SERVER)).toEqual({ ok: false, error: 'TCP option kind 2 must be 4 bytes, not 8' });
  });

  it('writes the Info line as Wireshark does', () => {
    expect(tcpSummary(LINUX_SYN)).toBe('48612 → 80 [SYN] Seq=3054125373 Win=64240 Len=0 MSS=1460 SACK_PERM WS=128');
    expect(tcpSummary(LINUX_SYN_WITH_TIMESTAMPS)).toBe('48612 → 80 [SYN] Seq=3054125373 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1823456789 TSecr=0 WS=128');
    expect(tcpSummary(LINUX_SYN_ACK)).toBe('80 → 48612 [SYN, ACK] Seq=2147495993 Ack=3054125374 Win=64240 Len=0 MSS=1460 SACK_PERM WS=128');
    expect(tcpFlagsText(0x11)).toBe('[FIN, ACK]');
    expect(tcpFlagsText(0)).toBe('[<None>]');
  });

  it('describes every field with its offset for the OSI view', () => {
    const frame = new Uint8Array(34 + LINUX_SYN.length);
    frame.set(LINUX_SYN, 34);
    const layer = describeTcp(frame, 34, LINUX_SYN.length, CLIENT, SERVER);
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['src-port', 34, 2, '48612'],
      ['dst-port', 36, 2, '80'],
      ['seq', 38, 4, '3054125373'],
      ['ack', 42, 4, '0 (not used: the ACK flag is off)'],
      ['data-offset', 46, 1, '8 (32 bytes)'],
      ['reserved', 46, 1, '0'],
      ['flags', 47, 1, '0x02 (SYN)'],
      ['window', 48, 2, '64240'],
      ['checksum', 50, 2, '0xa795 (correct)'],
      ['urgent', 52, 2, '0'],
      ['option-0', 54, 4, '1460 bytes'],
      ['option-1', 58, 1, 'aligns the next option to 32 bits'],
      ['option-2', 59, 1, 'aligns the next option to 32 bits'],
      ['option-3', 60, 2, 'yes: the sender understands SACK blocks'],
      ['option-4', 62, 1, 'aligns the next option to 32 bits'],
      ['option-5', 63, 3, 'shift 7 (multiply by 128)'],
    ]);
    const damaged = frame.slice();
    damaged[40] ^= 1;
    expect(describeTcp(damaged, 34, LINUX_SYN.length, CLIENT, SERVER).problem).toMatch(/^The TCP checksum is 0xa795 but should be 0x/);
    expect(describeTcp(frame.subarray(0, 44), 34, LINUX_SYN.length, CLIENT, SERVER).problem).toBe('A TCP header is at least 20 bytes, but only 10 arrived');
  });

  // tcp.checksum.status 1 is "Good".
  it('is what tshark makes of the bytes: good checksums, the same options', () => {
    const frames = [[LINUX_SYN_WITH_TIMESTAMPS, CLIENT, SERVER], [LINUX_SYN_ACK, SERVER, CLIENT]] as const;
    const records = frames.map(([segment, src, dst], i) => {
      const packet = encodeIpv4({ src, dst, protocol: IP_PROTO_TCP, ttl: 64, identification: i, dontFragment: true, payload: segment });
      const bytes = encodeEthernet({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01', etherType: ETHERTYPE_IPV4, payload: packet });
      expect(summarizeFrame(bytes)).toEqual({ protocol: 'TCP', summary: tcpSummary(segment) });
      return { t: i * 1000, bytes };
    });
    const rows = tsharkFields(writePcap(records), ['tcp.checksum.status', 'tcp.options.mss_val', 'tcp.options.wscale.multiplier', 'tcp.options.timestamp.tsval', '_ws.malformed']);
    expect(rows).toEqual([['1', '1460', '128', '1823456789', ''], ['1', '1460', '128', '', '']]);
  });

  it('checksums over the IPv6 pseudo-header too (RFC 8200 §8.1), and tshark agrees', () => {
    const [src, dst] = [0x20010db8000000000000000000000001n, 0x20010db8000000000000000000000002n];
    const segment = encodeTcp6({ srcPort: 48612, dstPort: 80, seq: 3054125373, ack: 0, flags: TCP_SYN, window: 64240, options: SYN_OPTIONS, payload: new Uint8Array(0) }, src, dst);
    expect(parseTcp6(segment, src, dst)).toMatchObject({ ok: true, value: { checksumOk: true, options: SYN_OPTIONS } });
    expect(parseTcp6(segment, src, dst + 1n)).toMatchObject({ ok: true, value: { checksumOk: false } });
    const packet = encodeIpv6({ src, dst, nextHeader: IP_PROTO_TCP, hopLimit: 64, payload: segment });
    const bytes = encodeEthernet({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01', etherType: ETHERTYPE_IPV6, payload: packet });
    expect(summarizeFrame(bytes)).toEqual({ protocol: 'TCP', summary: tcpSummary(segment) });
    const layer = describeFrame(bytes).at(-1)!;
    expect([layer.layer, layer.protocol, layer.problem]).toEqual([4, 'TCP', undefined]);
    expect(tsharkFields(writePcap([{ t: 0, bytes }]), ['tcp.checksum.status', '_ws.malformed'])).toEqual([['1', '']]);
  });
});
