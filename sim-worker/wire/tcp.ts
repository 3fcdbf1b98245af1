/**
 * TCP segments (RFC 9293 §3.1): source and destination ports (2 + 2),
 * sequence number (4), acknowledgment number (4), data offset (4 bits, in
 * 32-bit words), reserved bits, eight flags, window (2), checksum (2), urgent
 * pointer (2), options, data. The checksum covers the same pseudo-header as
 * UDP's (protocol 6) and is never optional.
 *
 * Options: MSS (kind 2, RFC 9293 §3.2), window scale (3, RFC 7323 §2),
 * SACK-permitted (4) and SACK blocks (5, RFC 2018), timestamps (8, RFC 7323
 * §3), padded with NOP (1) to 32-bit words as Linux's tcp_options_write does.
 */
import { newBytes, read32, write32 } from './bytes';
import { checksumValid, formatChecksum, internetChecksum, onesComplementSum } from './checksum';
import type { DecodedLayer, Field, Parsed } from './fields';
import { IP_PROTO_TCP, ipv4PseudoHeaderSum } from './ipv4';
import { ipv6PseudoHeaderSum } from './ipv6';

export const TCP_HEADER_LENGTH = 20;
/** The most option bytes a header can hold: the data offset is 4 bits, 15 words = 60 bytes. */
export const TCP_MAX_OPTIONS = 40;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

const OPT_END = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WSCALE = 3;
const OPT_SACK_PERM = 4;
const OPT_SACK = 5;
const OPT_TIMESTAMP = 8;

/** Flag names as Wireshark lists them, lowest bit first. */
const FLAG_NAMES: [number, string][] = [[TCP_FIN, 'FIN'], [TCP_SYN, 'SYN'], [TCP_RST, 'RST'], [TCP_PSH, 'PSH'], [TCP_ACK, 'ACK'], [TCP_URG, 'URG'], [TCP_ECE, 'ECE'], [TCP_CWR, 'CWR']];

/** A block of data received beyond the cumulative ACK (RFC 2018 §3): [left, right) in sequence space. */
export interface SackBlock {
  left: number;
  right: number;
}

export interface TcpOptions {
  mss?: number;
  /** The shift count (Wireshark shows 2^shift as "WS=128"). */
  windowScale?: number;
  sackPermitted?: boolean;
  timestamp?: { value: number; echo: number };
  sack?: SackBlock[];
}

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Header length in bytes, options included. */
  headerLength: number;
  flags: number;
  /** The window field as sent (before any scaling). */
  window: number;
  checksum: number;
  checksumOk: boolean;
  urgent: number;
  options: TcpOptions;
  payload: Uint8Array;
}

export interface TcpSend {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options?: TcpOptions;
  payload: Uint8Array;
}

/** Builds a segment with its checksum over the IPv4 pseudo-header of `src` → `dst`. */
export function encodeTcp(s: TcpSend, src: number, dst: number): Uint8Array {
  return encodeTcpOver(s, (length) => ipv4PseudoHeaderSum(src, dst, IP_PROTO_TCP, length));
}

/** Over IPv6 the checksum covers the IPv6 pseudo-header (RFC 8200 §8.1). */
export function encodeTcp6(s: TcpSend, src: bigint, dst: bigint): Uint8Array {
  return encodeTcpOver(s, (length) => ipv6PseudoHeaderSum(src, dst, IP_PROTO_TCP, length));
}

function encodeTcpOver(s: TcpSend, pseudoHeader: (length: number) => number): Uint8Array {
  const options = encodeOptions(s.options ?? {});
  const headerLength = TCP_HEADER_LENGTH + options.length;
  const length = headerLength + s.payload.length;
  const bytes = newBytes(length);
  bytes[0] = s.srcPort >>> 8;
  bytes[1] = s.srcPort & 0xff;
  bytes[2] = s.dstPort >>> 8;
  bytes[3] = s.dstPort & 0xff;
  write32(bytes, 4, s.seq);
  write32(bytes, 8, s.ack);
  bytes[12] = (headerLength / 4) << 4;
  bytes[13] = s.flags;
  bytes[14] = s.window >>> 8;
  bytes[15] = s.window & 0xff;
  bytes.set(options, TCP_HEADER_LENGTH);
  bytes.set(s.payload, headerLength);
  const checksum = internetChecksum(bytes, 0, length, pseudoHeader(length));
  bytes[16] = checksum >>> 8;
  bytes[17] = checksum & 0xff;
  return bytes;
}

/**
 * The options in the order and padding Linux writes them (tcp_options_write):
 * MSS; timestamps, after SACK-permitted when both go (so no NOPs are needed),
 * else after two NOPs; SACK-permitted alone after two NOPs; window scale
 * after one NOP; SACK blocks after two NOPs.
 */
function encodeOptions(o: TcpOptions): Uint8Array {
  const out: number[] = [];
  if (o.mss !== undefined) out.push(OPT_MSS, 4, o.mss >>> 8, o.mss & 0xff);
  if (o.timestamp) {
    out.push(...(o.sackPermitted ? [OPT_SACK_PERM, 2] : [OPT_NOP, OPT_NOP]), OPT_TIMESTAMP, 10);
    push32(out, o.timestamp.value);
    push32(out, o.timestamp.echo);
  } else if (o.sackPermitted) out.push(OPT_NOP, OPT_NOP, OPT_SACK_PERM, 2);
  if (o.windowScale !== undefined) out.push(OPT_NOP, OPT_WSCALE, 3, o.windowScale);
  if (o.sack && o.sack.length > 0) {
    out.push(OPT_NOP, OPT_NOP, OPT_SACK, 2 + 8 * o.sack.length);
    for (const block of o.sack) {
      push32(out, block.left);
      push32(out, block.right);
    }
  }
  if (out.length > TCP_MAX_OPTIONS) throw new RangeError(`TCP options take at most ${TCP_MAX_OPTIONS} bytes, not ${out.length}`);
  return Uint8Array.from(out);
}

/** `bytes` is the IPv4 payload; `src` and `dst` come from the IPv4 header, for the pseudo-header. */
export function parseTcp(bytes: Uint8Array, src: number, dst: number): Parsed<TcpSegment> {
  return parseTcpOver(bytes, ipv4PseudoHeaderSum(src, dst, IP_PROTO_TCP, bytes.length));
}

export function parseTcp6(bytes: Uint8Array, src: bigint, dst: bigint): Parsed<TcpSegment> {
  return parseTcpOver(bytes, ipv6PseudoHeaderSum(src, dst, IP_PROTO_TCP, bytes.length));
}

function parseTcpOver(bytes: Uint8Array, pseudoHeader: number): Parsed<TcpSegment> {
  if (bytes.length < TCP_HEADER_LENGTH) return { ok: false, error: `A TCP header is at least 20 bytes, but only ${bytes.length} arrived` };
  const headerLength = (bytes[12] >>> 4) * 4;
  if (headerLength < TCP_HEADER_LENGTH) return { ok: false, error: `The data offset says the header is ${headerLength} bytes, less than the 20-byte minimum` };
  if (headerLength > bytes.length) return { ok: false, error: `The data offset says the header is ${headerLength} bytes, but the segment holds only ${bytes.length}` };
  const options = parseOptions(bytes, TCP_HEADER_LENGTH, headerLength);
  if (!options.ok) return options;
  const checksum = (bytes[16] << 8) | bytes[17];
  return {
    ok: true,
    value: {
      srcPort: (bytes[0] << 8) | bytes[1],
      dstPort: (bytes[2] << 8) | bytes[3],
      seq: read32(bytes, 4),
      ack: read32(bytes, 8),
      headerLength,
      flags: bytes[13],
      window: (bytes[14] << 8) | bytes[15],
      checksum,
      checksumOk: checksumValid(bytes, 0, bytes.length, pseudoHeader),
      urgent: (bytes[18] << 8) | bytes[19],
      options: options.value,
      payload: bytes.subarray(headerLength),
    },
  };
}

interface RawOption {
  kind: number;
  offset: number;
  length: number;
}

/** Walks the option bytes: single-byte END and NOP, else kind, length, value (RFC 9293 §3.2). */
function walkOptions(bytes: Uint8Array, start: number, end: number): Parsed<RawOption[]> {
  const found: RawOption[] = [];
  let at = start;
  while (at < end) {
    const kind = bytes[at];
    if (kind === OPT_END) {
      found.push({ kind, offset: at, length: end - at });
      break;
    }
    if (kind === OPT_NOP) {
      found.push({ kind, offset: at, length: 1 });
      at++;
      continue;
    }
    if (at + 1 >= end) return { ok: false, error: `TCP option kind ${kind} at byte ${at - start} of the options has no length byte` };
    const length = bytes[at + 1];
    if (length < 2 || at + length > end) return { ok: false, error: `TCP option kind ${kind} says it is ${length} bytes, which does not fit the options` };
    found.push({ kind, offset: at, length });
    at += length;
  }
  return { ok: true, value: found };
}

const OPTION_LENGTHS: Record<number, number> = { [OPT_MSS]: 4, [OPT_WSCALE]: 3, [OPT_SACK_PERM]: 2, [OPT_TIMESTAMP]: 10 };

function parseOptions(bytes: Uint8Array, start: number, end: number): Parsed<TcpOptions> {
  const walked = walkOptions(bytes, start, end);
  if (!walked.ok) return walked;
  const options: TcpOptions = {};
  for (const { kind, offset: o, length } of walked.value) {
    const expected = OPTION_LENGTHS[kind];
    if (expected !== undefined && length !== expected) return { ok: false, error: `TCP option kind ${kind} must be ${expected} bytes, not ${length}` };
    if (kind === OPT_MSS) options.mss = (bytes[o + 2] << 8) | bytes[o + 3];
    else if (kind === OPT_WSCALE) options.windowScale = bytes[o + 2];
    else if (kind === OPT_SACK_PERM) options.sackPermitted = true;
    else if (kind === OPT_TIMESTAMP) options.timestamp = { value: read32(bytes, o + 2), echo: read32(bytes, o + 6) };
    else if (kind === OPT_SACK) {
      if ((length - 2) % 8 !== 0) return { ok: false, error: `A SACK option holds 8-byte blocks, but this one has ${length - 2} bytes of them` };
      options.sack = [];
      for (let b = o + 2; b < o + length; b += 8) options.sack.push({ left: read32(bytes, b), right: read32(bytes, b + 4) });
    }
  }
  return { ok: true, value: options };
}

/** "[SYN, ACK]", as Wireshark writes the flags. */
export function tcpFlagsText(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
  return `[${names.length > 0 ? names.join(', ') : '<None>'}]`;
}

/** Wireshark's option words: "MSS=1460 SACK_PERM WS=128", in the order the options came. */
function optionsText(bytes: Uint8Array, start: number, end: number): string {
  const walked = walkOptions(bytes, start, end);
  if (!walked.ok) return '';
  const words: string[] = [];
  for (const { kind, offset: o, length } of walked.value) {
    if (kind === OPT_MSS && length === 4) words.push(`MSS=${(bytes[o + 2] << 8) | bytes[o + 3]}`);
    else if (kind === OPT_WSCALE && length === 3) words.push(`WS=${2 ** Math.min(bytes[o + 2], 14)}`);
    else if (kind === OPT_SACK_PERM) words.push('SACK_PERM');
    else if (kind === OPT_TIMESTAMP && length === 10) words.push(`TSval=${read32(bytes, o + 2)} TSecr=${read32(bytes, o + 6)}`);
    else if (kind === OPT_SACK) for (let b = o + 2; b + 8 <= o + length; b += 8) words.push(`SLE=${read32(bytes, b)} SRE=${read32(bytes, b + 4)}`);
  }
  return words.join(' ');
}

/**
 * The Info line as Wireshark writes it, with sequence numbers as sent (one
 * frame cannot know where its connection began):
 * "48612 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM WS=128".
 */
export function tcpSummary(segment: Uint8Array): string {
  const s = segment;
  const headerLength = Math.min((s[12] >>> 4) * 4, s.length);
  const flags = s[13];
  const ack = flags & TCP_ACK ? ` Ack=${read32(s, 8)}` : '';
  const options = optionsText(s, TCP_HEADER_LENGTH, headerLength);
  return `${(s[0] << 8) | s[1]} → ${(s[2] << 8) | s[3]} ${tcpFlagsText(flags)} Seq=${read32(s, 4)}${ack} Win=${(s[14] << 8) | s[15]} Len=${s.length - headerLength}${options ? ` ${options}` : ''}`;
}

/** The ports and sequence number of a segment quoted in an ICMP error (its first 8 bytes are all RFC 792 promises). */
export function quotedTcpPorts(segment: Uint8Array): { srcPort: number; dstPort: number; seq: number } | undefined {
  if (segment.length < 8) return undefined;
  return { srcPort: (segment[0] << 8) | segment[1], dstPort: (segment[2] << 8) | segment[3], seq: read32(segment, 4) };
}

/** `bytes` is the whole frame, `offset` where TCP starts, `length` the IPv4 payload length, `src`/`dst` the IPv4 addresses. */
export function describeTcp(bytes: Uint8Array, offset: number, length: number, src: number, dst: number): DecodedLayer {
  return describeTcpOver(bytes, offset, length, (tcpLength) => ipv4PseudoHeaderSum(src, dst, IP_PROTO_TCP, tcpLength));
}

/** As `describeTcp`, inside IPv6: `length` is the IPv6 payload length. */
export function describeTcp6(bytes: Uint8Array, offset: number, length: number, src: bigint, dst: bigint): DecodedLayer {
  return describeTcpOver(bytes, offset, length, (tcpLength) => ipv6PseudoHeaderSum(src, dst, IP_PROTO_TCP, tcpLength));
}

function describeTcpOver(bytes: Uint8Array, offset: number, length: number, pseudoHeader: (length: number) => number): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const o = offset;
  const layer: DecodedLayer = { layer: 4, protocol: 'TCP', offset, length: available, fields: [], summary: '' };
  if (available < TCP_HEADER_LENGTH) {
    layer.fields = available > 0 ? [{ name: 'truncated', label: 'Incomplete header', offset: o, length: available, value: `${available} bytes of a header` }] : [];
    layer.summary = `Truncated TCP header (${available} bytes)`;
    layer.problem = `A TCP header is at least 20 bytes, but only ${available} arrived`;
    return layer;
  }
  const word = (at: number) => (bytes[at] << 8) | bytes[at + 1];
  const headerLength = (bytes[o + 12] >>> 4) * 4;
  const flags = bytes[o + 13];
  const checksum = word(o + 16);
  const whole = available === length;
  const expected = whole ? internetChecksum(bytes, o + 18, length - 18, onesComplementSum(bytes, o, 16, pseudoHeader(length))) : 0;
  const verdict = !whole ? 'not checked: the segment is incomplete' : checksum === expected ? 'correct' : `wrong, should be ${formatChecksum(expected)}`;
  const flagWords = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
  const fields: Field[] = [
    { name: 'src-port', label: 'Source port', offset: o, length: 2, value: `${word(o)}` },
    { name: 'dst-port', label: 'Destination port', offset: o + 2, length: 2, value: `${word(o + 2)}` },
    { name: 'seq', label: 'Sequence number', offset: o + 4, length: 4, value: `${read32(bytes, o + 4)}` },
    { name: 'ack', label: 'Acknowledgment number', offset: o + 8, length: 4, value: flags & TCP_ACK ? `${read32(bytes, o + 8)}` : `${read32(bytes, o + 8)} (not used: the ACK flag is off)` },
    { name: 'data-offset', label: 'Header length (data offset)', offset: o + 12, length: 1, bits: '0xf0', value: `${headerLength / 4} (${headerLength} bytes)` },
    { name: 'reserved', label: 'Reserved', offset: o + 12, length: 1, bits: '0x0f', value: `${bytes[o + 12] & 0x0f}` },
    { name: 'flags', label: 'Flags', offset: o + 13, length: 1, value: `0x${flags.toString(16).padStart(2, '0')} (${flagWords.length > 0 ? flagWords.join(', ') : 'none'})` },
    { name: 'window', label: 'Window', offset: o + 14, length: 2, value: `${word(o + 14)}` },
    { name: 'checksum', label: 'Checksum', offset: o + 16, length: 2, value: `${formatChecksum(checksum)} (${verdict})` },
    { name: 'urgent', label: 'Urgent pointer', offset: o + 18, length: 2, value: `${word(o + 18)}` },
  ];
  const problems: string[] = [];
  if (headerLength < TCP_HEADER_LENGTH || headerLength > available) {
    problems.push(headerLength < TCP_HEADER_LENGTH ? `The data offset says the header is ${headerLength} bytes, less than the 20-byte minimum` : `The data offset says the header is ${headerLength} bytes, but only ${available} arrived`);
  } else {
    fields.push(...optionFields(bytes, o + TCP_HEADER_LENGTH, o + headerLength, problems));
    if (available > headerLength) fields.push({ name: 'data', label: 'Data', offset: o + headerLength, length: available - headerLength, value: `${available - headerLength} bytes` });
  }
  layer.fields = fields;
  layer.summary = tcpSummary(bytes.subarray(o, o + available));
  if (!whole) problems.push(`The IP header says this TCP segment is ${length} bytes, but only ${available} arrived`);
  else if (checksum !== expected) problems.push(`The TCP checksum is ${formatChecksum(checksum)} but should be ${formatChecksum(expected)}: the receiver discards the damaged segment`);
  if (problems.length > 0) layer.problem = problems.join('; ');
  return layer;
}

const OPTION_LABELS: Record<number, string> = {
  [OPT_END]: 'End of options', [OPT_NOP]: 'No-operation (padding)', [OPT_MSS]: 'Maximum segment size', [OPT_WSCALE]: 'Window scale',
  [OPT_SACK_PERM]: 'SACK permitted', [OPT_SACK]: 'SACK blocks', [OPT_TIMESTAMP]: 'Timestamps',
};

function optionFields(bytes: Uint8Array, start: number, end: number, problems: string[]): Field[] {
  if (start === end) return [];
  const walked = walkOptions(bytes, start, end);
  if (!walked.ok) {
    problems.push(walked.error);
    return [{ name: 'options', label: 'Options', offset: start, length: end - start, value: `${end - start} bytes, malformed` }];
  }
  return walked.value.map(({ kind, offset: o, length }, i) => {
    const label = OPTION_LABELS[kind] ?? `Option kind ${kind}`;
    let value = `${length} bytes`;
    if (kind === OPT_MSS && length === 4) value = `${(bytes[o + 2] << 8) | bytes[o + 3]} bytes`;
    else if (kind === OPT_WSCALE && length === 3) value = `shift ${bytes[o + 2]} (multiply by ${2 ** Math.min(bytes[o + 2], 14)})`;
    else if (kind === OPT_SACK_PERM) value = 'yes: the sender understands SACK blocks';
    else if (kind === OPT_TIMESTAMP && length === 10) value = `value ${read32(bytes, o + 2)}, echo reply ${read32(bytes, o + 6)}`;
    else if (kind === OPT_SACK) {
      const blocks: string[] = [];
      for (let b = o + 2; b + 8 <= o + length; b += 8) blocks.push(`${read32(bytes, b)}–${read32(bytes, b + 4)}`);
      value = `received beyond the ACK: ${blocks.join(', ')}`;
    } else if (kind === OPT_NOP) value = 'aligns the next option to 32 bits';
    return { name: `option-${i}`, label, offset: o, length, value };
  });
}

/** Sequence numbers wrap at 2^32 (RFC 9293 §3.4): a − b as a signed distance. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** a + n in sequence space. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

function push32(out: number[], value: number): void {
  out.push(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}
