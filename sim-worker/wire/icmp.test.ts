import { describe, expect, it } from 'vitest';
import {
  describeIcmp, encodeIcmp, ICMP_REDIRECT_HOST, ICMP_UNREACHABLE_FRAGMENTATION_NEEDED, ICMP_UNREACHABLE_PORT, LINUX_ICMP_QUOTE_LIMIT, parseIcmp,
  quotedEcho, quoteForIcmpError, redirectCodeName, timeExceededCodeName, unreachableCodeName,
} from './icmp';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

// Whole frames captured on a Linux 6.18 veth. The echo request carries iputils ping's payload layout
// (a 16-byte timeval, then bytes 0x10, 0x11, …); the echo reply and both errors are the kernels' own.
const ECHO_REQUEST_FRAME = hex(`
  02 00 00 00 00 0b 02 00 00 00 00 0a 08 00 45 00 00 54 f1 b8 40 00 40 01 c5 93 c0 a8 01 0a c0 a8
  01 02 08 00 9c 50 1c 2a 00 01 cd 05 04 6b 00 00 00 00 ae 40 01 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37`);
const ECHO_REPLY_FRAME = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 0b 08 00 45 00 00 54 c3 3f 00 00 40 01 34 0d c0 a8 01 02 c0 a8
  01 0a 00 00 a4 50 1c 2a 00 01 cd 05 04 6b 00 00 00 00 ae 40 01 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37`);
// UDP "flintnet" from 192.168.1.10:45000 to 10.0.2.5:33434 with TTL 1, and the router's Time Exceeded.
const UDP_TTL_1 = hex(`
  45 00 00 24 83 c3 40 00 01 11 28 4f c0 a8 01 0a 0a 00 02 05 af c8 82 9a 00 10 cd d8 66 6c 69 6e
  74 6e 65 74`);
const TIME_EXCEEDED_FRAME = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 01 08 00 45 c0 00 40 da d0 00 00 40 01 1b d1 c0 a8 01 01 c0 a8
  01 0a 0b 00 4a f6 00 00 00 00 45 00 00 24 83 c3 40 00 01 11 28 4f c0 a8 01 0a 0a 00 02 05 af c8
  82 9a 00 10 cd d8 66 6c 69 6e 74 6e 65 74`);
// The same flow to a closed port, with TTL 64: 10.0.2.5 answers Port Unreachable.
const PORT_UNREACHABLE_FRAME = hex(`
  02 00 00 00 00 0a 02 00 00 00 00 01 08 00 45 c0 00 40 e4 59 00 00 3f 01 c8 ec 0a 00 02 05 c0 a8
  01 0a 03 03 52 f2 00 00 00 00 45 00 00 24 83 e3 40 00 3f 11 ea 2e c0 a8 01 0a 0a 00 02 05 af c8
  82 9b 00 10 cd d8 66 6c 69 6e 74 6e 65 74`);

// Router 10.0.1.1 forwarded PC 10.0.1.10's echo request back out of the interface it came in on, to router 10.0.1.2
// on the same network, and told the PC so (captured on a Linux 6.18 veth). It quotes the request after its TTL went down.
const REDIRECT_FRAME = hex(`
  02 00 00 00 00 0a 02 00 00 00 01 00 08 00 45 c0 00 70 34 cf 00 00 40 01 2e f4 0a 00 01 01 0a 00
  01 0a 05 01 ef fc 0a 00 01 02 45 00 00 54 f9 e8 40 00 3f 01 2a b2 0a 00 01 0a 0a 00 02 05 08 00
  83 e3 69 18 00 01 6c 0a 04 6b 00 00 00 00 cd ba 0e 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19
  1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37`);

const icmpOf = (frame: Uint8Array) => frame.subarray(34);

describe('ICMP (RFC 792)', () => {
  it('decodes captured echo request and reply', () => {
    const request = parseIcmp(icmpOf(ECHO_REQUEST_FRAME));
    expect(request).toMatchObject({ ok: true, value: { kind: 'echo-request', identifier: 0x1c2a, sequence: 1, checksumOk: true } });
    if (request.ok && request.value.kind === 'echo-request') expect(request.value.data).toEqual(ECHO_REQUEST_FRAME.subarray(42));
    expect(parseIcmp(icmpOf(ECHO_REPLY_FRAME))).toMatchObject({ ok: true, value: { kind: 'echo-reply', identifier: 0x1c2a, sequence: 1, checksumOk: true } });
  });

  it('reads a message in place, in the frame it came in, as from a copy', () => {
    for (const frame of [ECHO_REQUEST_FRAME, TIME_EXCEEDED_FRAME, REDIRECT_FRAME]) {
      expect(parseIcmp(frame, 34, frame.length)).toEqual(parseIcmp(icmpOf(frame).slice()));
    }
    expect(parseIcmp(ECHO_REQUEST_FRAME, 34, 41)).toEqual({ ok: false, error: 'An ICMP message is at least 8 bytes, but only 7 arrived' });
  });

  it('encodes exactly the captured echo bytes', () => {
    const data = ECHO_REQUEST_FRAME.subarray(42);
    expect(encodeIcmp({ kind: 'echo-request', identifier: 0x1c2a, sequence: 1, data })).toEqual(icmpOf(ECHO_REQUEST_FRAME));
    expect(encodeIcmp({ kind: 'echo-reply', identifier: 0x1c2a, sequence: 1, data })).toEqual(icmpOf(ECHO_REPLY_FRAME));
  });

  it('decodes and re-encodes captured errors, quoting the packet that caused them', () => {
    const timeExceeded = parseIcmp(icmpOf(TIME_EXCEEDED_FRAME));
    expect(timeExceeded).toMatchObject({ ok: true, value: { kind: 'time-exceeded', code: 0, original: UDP_TTL_1, checksumOk: true } });
    expect(encodeIcmp({ kind: 'time-exceeded', code: 0, original: UDP_TTL_1 })).toEqual(icmpOf(TIME_EXCEEDED_FRAME));
    const unreachable = parseIcmp(icmpOf(PORT_UNREACHABLE_FRAME));
    expect(unreachable).toMatchObject({ ok: true, value: { kind: 'destination-unreachable', code: ICMP_UNREACHABLE_PORT, checksumOk: true } });
    if (unreachable.ok && unreachable.value.kind === 'destination-unreachable') {
      expect(encodeIcmp({ kind: 'destination-unreachable', code: ICMP_UNREACHABLE_PORT, original: unreachable.value.original })).toEqual(icmpOf(PORT_UNREACHABLE_FRAME));
    }
  });

  it('quotes header + 8 bytes (RFC 792), or as much as Linux does, never the Ethernet padding', () => {
    expect(quoteForIcmpError(UDP_TTL_1)).toEqual(UDP_TTL_1.subarray(0, 28));
    expect(quoteForIcmpError(UDP_TTL_1, LINUX_ICMP_QUOTE_LIMIT)).toEqual(UDP_TTL_1);
    const padded = new Uint8Array(46);
    padded.set(UDP_TTL_1);
    expect(quoteForIcmpError(padded, LINUX_ICMP_QUOTE_LIMIT)).toEqual(UDP_TTL_1);
  });

  it('carries the next-hop MTU for fragmentation needed (RFC 1191)', () => {
    const bytes = encodeIcmp({ kind: 'destination-unreachable', code: ICMP_UNREACHABLE_FRAGMENTATION_NEEDED, original: UDP_TTL_1.subarray(0, 28), nextHopMtu: 1400 });
    expect(bytes.subarray(4, 8)).toEqual(hex('00 00 05 78'));
    expect(parseIcmp(bytes)).toMatchObject({ ok: true, value: { nextHopMtu: 1400, checksumOk: true } });
    const frame = new Uint8Array(34 + bytes.length);
    frame.set(bytes, 34);
    expect(describeIcmp(frame, 34, bytes.length).fields.map((f) => [f.name, f.value]).slice(3, 5)).toEqual([['unused', '0x0000'], ['next-hop-mtu', '1400']]);
  });

  it('detects a bad checksum and says what it should be', () => {
    const frame = ECHO_REQUEST_FRAME.slice();
    frame[41] = 0x00; // sequence 1 → 0
    expect(parseIcmp(icmpOf(frame))).toMatchObject({ ok: true, value: { checksumOk: false } });
    const layer = describeIcmp(frame, 34, 64);
    expect(layer.fields[2].value).toBe('0x9c50 (wrong, should be 0x9c51)');
    expect(layer.problem).toMatch(/checksum is 0x9c50 but should be 0x9c51/);
  });

  it('refuses truncated messages and types it does not handle', () => {
    expect(parseIcmp(icmpOf(ECHO_REQUEST_FRAME).subarray(0, 7))).toEqual({ ok: false, error: 'An ICMP message is at least 8 bytes, but only 7 arrived' });
    const timestamp = icmpOf(ECHO_REQUEST_FRAME).slice();
    timestamp[0] = 13;
    expect(parseIcmp(timestamp)).toEqual({ ok: false, error: 'ICMP type 13 (Timestamp request) is not one Flintnet devices handle' });
  });

  it('describes echo fields with a tshark-style summary', () => {
    const layer = describeIcmp(ECHO_REQUEST_FRAME, 34, 64);
    expect(layer).toMatchObject({ layer: 3, protocol: 'ICMP', offset: 34, length: 64, summary: 'Echo (ping) request  id=0x1c2a, seq=1' });
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['type', 34, 1, 'Echo (ping) request (8)'],
      ['code', 35, 1, '0'],
      ['checksum', 36, 2, '0x9c50 (correct)'],
      ['identifier', 38, 2, '0x1c2a (7210)'],
      ['sequence', 40, 2, '1 (0x0001)'],
      ['data', 42, 56, '56 bytes'],
    ]);
    expect(describeIcmp(ECHO_REPLY_FRAME, 34, 64).summary).toBe('Echo (ping) reply    id=0x1c2a, seq=1');
  });

  it('describes an error and the packet it quotes in words', () => {
    const layer = describeIcmp(TIME_EXCEEDED_FRAME, 34, 44);
    expect(layer.summary).toBe('Time-to-live exceeded (Time to live exceeded in transit)');
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['type', 34, 1, 'Time-to-live exceeded (11)'],
      ['code', 35, 1, '0 (Time to live exceeded in transit)'],
      ['checksum', 36, 2, '0x4af6 (correct)'],
      ['unused', 38, 4, '0x00000000'],
      ['original-header', 42, 20, 'IPv4 192.168.1.10 → 10.0.2.5, UDP, TTL 1, id 0x83c3'],
      ['original-data', 62, 16, 'first 16 bytes: UDP port 45000 → 33434'],
    ]);
    expect(describeIcmp(PORT_UNREACHABLE_FRAME, 34, 44).summary).toBe('Destination unreachable (Port unreachable)');
  });

  it('flags a quote too short to say which packet failed, and a cut-short message', () => {
    const bytes = encodeIcmp({ kind: 'time-exceeded', code: 0, original: UDP_TTL_1.subarray(0, 24) });
    expect(describeIcmp(bytes, 0, bytes.length).problem).toMatch(/must quote the IP header and first 8 bytes/);
    const cut = describeIcmp(ECHO_REQUEST_FRAME.subarray(0, 60), 34, 64);
    expect(cut.length).toBe(26);
    expect(cut.fields[2].value).toBe('0x9c50 (not checked: the message is incomplete)');
    expect(cut.problem).toBe('The IP header says this ICMP message is 64 bytes, but only 26 arrived');
    const stub = describeIcmp(ECHO_REQUEST_FRAME.subarray(0, 37), 34, 64);
    expect(stub.fields.map((f) => [f.name, f.offset, f.length])).toEqual([['type', 34, 1], ['code', 35, 1], ['truncated', 36, 1]]);
    expect(stub.problem).toBe('The IP header says this ICMP message is 64 bytes, but only 3 arrived');
    expect(describeIcmp(ECHO_REQUEST_FRAME, 34, 4).problem).toBe('An ICMP message is at least 8 bytes, but this one is only 4');
  });

  it('decodes and re-encodes a captured redirect, with the better gateway', () => {
    const redirect = parseIcmp(icmpOf(REDIRECT_FRAME));
    const original = REDIRECT_FRAME.subarray(42);
    expect(redirect).toEqual({ ok: true, value: { kind: 'redirect', code: ICMP_REDIRECT_HOST, gateway: 0x0a000102, original, checksumOk: true } });
    expect(encodeIcmp({ kind: 'redirect', code: ICMP_REDIRECT_HOST, gateway: 0x0a000102, original })).toEqual(icmpOf(REDIRECT_FRAME));
    expect(quotedEcho(original)).toEqual({ identifier: 0x6918, sequence: 1 });
    const layer = describeIcmp(REDIRECT_FRAME, 34, 92);
    // tshark's Info column, spaces and all.
    expect(layer.summary).toBe('Redirect             (Redirect for host)');
    expect(layer.problem).toBeUndefined();
    expect(layer.fields.map((f) => [f.name, f.offset, f.length, f.value])).toEqual([
      ['type', 34, 1, 'Redirect (5)'],
      ['code', 35, 1, '1 (Redirect for host)'],
      ['checksum', 36, 2, '0xeffc (correct)'],
      ['gateway', 38, 4, '10.0.1.2'],
      ['original-header', 42, 20, 'IPv4 10.0.1.10 → 10.0.2.5, ICMP, TTL 63, id 0xf9e8'],
      ['original-data', 62, 64, 'first 64 bytes'],
    ]);
    expect(redirectCodeName(0)).toBe('Redirect for network');
  });

  it('names codes in plain words', () => {
    expect([0, 1, 2, 3, 4, 13].map(unreachableCodeName)).toEqual([
      'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable',
      "Fragmentation needed but don't fragment is set", 'Communication administratively prohibited (filtered)',
    ]);
    expect(unreachableCodeName(99)).toBe('Unknown code 99');
    expect(timeExceededCodeName(1)).toBe('Fragment reassembly time exceeded');
  });
});
