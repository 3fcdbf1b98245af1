/**
 * IPv6 packets (RFC 8200 §3). The header is always 40 bytes:
 *   0 version (4 bits) | traffic class (8) | flow label (20)
 *   4 payload length   6 next header   7 hop limit   8 source (16)   24 destination (16)   40 payload…
 * There is no header checksum: the layers above cover the addresses with a
 * pseudo-header instead (§8.1), so a router only lowers the hop limit.
 */
import { formatIpv6, ipv6FromBytes, ipv6ToBytes } from './address6';
import type { DecodedLayer, Field, Parsed } from './fields';
import { ipProtocolName } from './ipv4';

export const IP_PROTO_ICMPV6 = 58;
export const IPV6_HEADER_LENGTH = 40;
/** Linux's net.ipv6.conf.*.hop_limit. */
export const IPV6_DEFAULT_HOP_LIMIT = 64;
/** Every link carrying IPv6 takes packets of at least 1280 bytes (RFC 8200 §5). */
export const IPV6_MIN_MTU = 1280;

export interface Ipv6Packet {
  trafficClass: number;
  flowLabel: number;
  payloadLength: number;
  nextHeader: number;
  hopLimit: number;
  src: bigint;
  dst: bigint;
  /** A view of the payload up to the payload length, so Ethernet padding is left out (from `parseIpv6Header`: as much as arrived). */
  payload: Uint8Array;
}

export interface Ipv6Send {
  src: bigint;
  dst: bigint;
  nextHeader: number;
  hopLimit: number;
  trafficClass?: number;
  flowLabel?: number;
  payload: Uint8Array;
}

/** Throws on a payload no IPv6 packet without a jumbogram option can hold: a bug in the caller. */
export function encodeIpv6(p: Ipv6Send): Uint8Array {
  if (p.payload.length > 0xffff) throw new RangeError(`An IPv6 packet holds at most 65535 payload bytes, not ${p.payload.length}`);
  const bytes = new Uint8Array(IPV6_HEADER_LENGTH + p.payload.length);
  const trafficClass = p.trafficClass ?? 0;
  const flowLabel = p.flowLabel ?? 0;
  bytes[0] = 0x60 | (trafficClass >>> 4);
  bytes[1] = ((trafficClass & 0x0f) << 4) | ((flowLabel >>> 16) & 0x0f);
  bytes[2] = (flowLabel >>> 8) & 0xff;
  bytes[3] = flowLabel & 0xff;
  bytes[4] = p.payload.length >>> 8;
  bytes[5] = p.payload.length & 0xff;
  bytes[6] = p.nextHeader;
  bytes[7] = p.hopLimit;
  ipv6ToBytes(p.src, bytes, 8);
  ipv6ToBytes(p.dst, bytes, 24);
  bytes.set(p.payload, IPV6_HEADER_LENGTH);
  return bytes;
}

/** `bytes` starts at the IPv6 header, e.g. an Ethernet payload. */
export function parseIpv6(bytes: Uint8Array): Parsed<Ipv6Packet> {
  const problem = headerProblem(bytes, 0, bytes.length);
  if (problem !== undefined) return { ok: false, error: problem };
  const payloadLength = (bytes[4] << 8) | bytes[5];
  if (IPV6_HEADER_LENGTH + payloadLength > bytes.length) return { ok: false, error: cutShort(payloadLength, bytes.length - IPV6_HEADER_LENGTH) };
  return { ok: true, value: readIpv6(bytes) };
}

/** Like `parseIpv6`, but accepts a packet cut short after its header, as in the quote inside an ICMPv6 error. */
export function parseIpv6Header(bytes: Uint8Array): Parsed<Ipv6Packet> {
  const problem = headerProblem(bytes, 0, bytes.length);
  if (problem !== undefined) return { ok: false, error: problem };
  return { ok: true, value: readIpv6(bytes) };
}

function readIpv6(bytes: Uint8Array): Ipv6Packet {
  const payloadLength = (bytes[4] << 8) | bytes[5];
  return {
    trafficClass: ((bytes[0] & 0x0f) << 4) | (bytes[1] >>> 4),
    flowLabel: ((bytes[1] & 0x0f) << 16) | (bytes[2] << 8) | bytes[3],
    payloadLength,
    nextHeader: bytes[6],
    hopLimit: bytes[7],
    src: ipv6FromBytes(bytes, 8),
    dst: ipv6FromBytes(bytes, 24),
    payload: bytes.subarray(IPV6_HEADER_LENGTH, Math.min(IPV6_HEADER_LENGTH + payloadLength, bytes.length)),
  };
}

function headerProblem(bytes: Uint8Array, at: number, available: number): string | undefined {
  if (available < IPV6_HEADER_LENGTH) return `An IPv6 header is 40 bytes, but only ${available} arrived`;
  const version = bytes[at] >>> 4;
  if (version !== 6) return `This is not an IPv6 packet: its version field says ${version}${version === 4 ? ' (IPv4)' : ''}, not 6`;
  return undefined;
}

function cutShort(payloadLength: number, available: number): string {
  return `The payload length says ${payloadLength} bytes, but only ${available} arrived: the packet was cut short`;
}

/**
 * The pseudo-header every upper-layer checksum over IPv6 covers (RFC 8200
 * §8.1): source, destination, the upper-layer length as 32 bits, three zero
 * bytes and the next header. A partial sum for `internetChecksum`'s `initial`.
 */
export function ipv6PseudoHeaderSum(src: bigint, dst: bigint, nextHeader: number, length: number): number {
  let sum = nextHeader + (length >>> 16) + (length & 0xffff);
  for (let shift = 0n; shift < 128n; shift += 16n) sum += Number((src >> shift) & 0xffffn) + Number((dst >> shift) & 0xffffn);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** What a router does to a packet it forwards (RFC 8200 §3): hop limit minus one, and nothing else. Returns the new hop limit. */
export function decrementHopLimit(bytes: Uint8Array): number {
  if (bytes[7] > 0) bytes[7] -= 1;
  return bytes[7];
}

/** `bytes` is the whole frame and `offset` where the IPv6 header starts. */
export function describeIpv6(bytes: Uint8Array, offset: number): DecodedLayer {
  const available = Math.max(0, bytes.length - offset);
  const o = offset;
  const view = available >= IPV6_HEADER_LENGTH ? bytes : new Uint8Array(offset + IPV6_HEADER_LENGTH);
  if (view !== bytes) view.set(bytes.subarray(offset), offset);
  const trafficClass = ((view[o] & 0x0f) << 4) | (view[o + 1] >>> 4);
  const flowLabel = ((view[o + 1] & 0x0f) << 16) | (view[o + 2] << 8) | view[o + 3];
  const payloadLength = (view[o + 4] << 8) | view[o + 5];
  const nextHeader = view[o + 6];
  const src = formatIpv6(ipv6FromBytes(view, o + 8));
  const dst = formatIpv6(ipv6FromBytes(view, o + 24));
  const fields: Field[] = [
    { name: 'version', label: 'Version', offset: o, length: 1, bits: '0xf0', value: `${view[o] >>> 4}` },
    { name: 'traffic-class', label: 'Traffic class', offset: o, length: 2, bits: '0x0ff0', value: `0x${trafficClass.toString(16).padStart(2, '0')} (DSCP ${trafficClass >>> 2}, ECN ${trafficClass & 3})` },
    { name: 'flow-label', label: 'Flow label', offset: o + 1, length: 3, bits: '0x0fffff', value: `0x${flowLabel.toString(16).padStart(5, '0')}` },
    { name: 'payload-length', label: 'Payload length', offset: o + 4, length: 2, value: `${payloadLength}` },
    { name: 'next-header', label: 'Next header', offset: o + 6, length: 1, value: `${ipProtocolName(nextHeader)} (${nextHeader})` },
    { name: 'hop-limit', label: 'Hop limit', offset: o + 7, length: 1, value: `${view[o + 7]}` },
    { name: 'src', label: 'Source address', offset: o + 8, length: 16, value: src },
    { name: 'dst', label: 'Destination address', offset: o + 24, length: 16, value: dst },
  ];
  const header = headerProblem(bytes, offset, available);
  const whole = header === undefined && IPV6_HEADER_LENGTH + payloadLength <= available;
  const layer: DecodedLayer = {
    layer: 3,
    protocol: 'IPv6',
    offset,
    length: whole ? IPV6_HEADER_LENGTH + payloadLength : available,
    fields: fields.filter((f) => f.offset + f.length <= bytes.length),
    summary: `${src} → ${dst}, ${ipProtocolName(nextHeader)}, hop limit ${view[o + 7]}`,
  };
  const problem = header ?? (whole ? undefined : cutShort(payloadLength, available - IPV6_HEADER_LENGTH));
  if (problem !== undefined) layer.problem = problem;
  return layer;
}
