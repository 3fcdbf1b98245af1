/**
 * IPv4 packets (RFC 791 §3.1). The header, 20 bytes without options:
 *   0 version (4 bits) | IHL (4 bits, in 32-bit words)   1 DSCP (6) | ECN (2)
 *   2 total length     4 identification    6 flags (3) | fragment offset (13, in 8-byte units)
 *   8 TTL   9 protocol   10 header checksum   12 source   16 destination   20 options…
 */
import { formatIpv4, ipv4FromBytes, ipv4ToBytes } from './address';
import { newBytes } from './bytes';
import { checksumValid, formatChecksum, internetChecksum, onesComplementSum } from './checksum';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';

export const IP_PROTO_ICMP = 1;
export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;
/** Linux's net.ipv4.ip_default_ttl (RFC 1700 recommends 64). */
export const IPV4_DEFAULT_TTL = 64;
export const IPV4_HEADER_LENGTH = 20;
export const IPV4_MAX_LENGTH = 65535;

export interface Ipv4Packet {
  /** In bytes (the IHL field times 4). */
  headerLength: number;
  totalLength: number;
  dscp: number;
  ecn: number;
  identification: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** In bytes from the start of the original payload (the field counts 8-byte units). */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  checksumOk: boolean;
  src: number;
  dst: number;
  /** The bytes after the header up to the total length, so Ethernet padding is left out (from `parseIpv4Header`: as much as arrived). */
  readonly payload: Uint8Array;
  /** The bytes the packet was read from, and where in them its payload starts and ends: to read the payload in place, without a view. */
  readonly bytes: Uint8Array;
  readonly payloadAt: number;
  readonly payloadEnd: number;
}

export interface Ipv4Send {
  src: number;
  dst: number;
  protocol: number;
  ttl: number;
  identification: number;
  dontFragment?: boolean;
  dscp?: number;
  ecn?: number;
  /** For fragments (RFC 791 §2.3): set on every fragment but the last. */
  moreFragments?: boolean;
  /** For fragments: in bytes, a multiple of 8. */
  fragmentOffset?: number;
  payload: Uint8Array;
}

const PROTOCOL_NAMES: Record<number, string> = {
  1: 'ICMP', 2: 'IGMP', 4: 'IPv4 (IP-in-IP)', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 47: 'GRE',
  50: 'ESP', 51: 'AH', 58: 'ICMPv6', 89: 'OSPF', 112: 'VRRP', 132: 'SCTP',
};

export function ipProtocolName(protocol: number): string {
  return PROTOCOL_NAMES[protocol] ?? 'Unknown';
}

/** Builds a packet with a 20-byte header and a correct checksum. Throws on a payload no IPv4 packet can hold: that is a bug in the caller, which must fragment first. */
export function encodeIpv4(p: Ipv4Send): Uint8Array {
  const bytes = newBytes(IPV4_HEADER_LENGTH + p.payload.length);
  writeIpv4Header(p, p.payload.length, bytes, 0);
  bytes.set(p.payload, IPV4_HEADER_LENGTH);
  return bytes;
}

/** Writes the 20-byte header of a packet with `payloadLength` payload bytes at `at` in `bytes`, for a payload written there separately. */
export function writeIpv4Header(p: Omit<Ipv4Send, 'payload'>, payloadLength: number, bytes: Uint8Array, at: number): void {
  const totalLength = IPV4_HEADER_LENGTH + payloadLength;
  if (totalLength > IPV4_MAX_LENGTH) throw new RangeError(`An IPv4 packet holds at most 65515 payload bytes, not ${payloadLength}`);
  bytes[at] = 0x45;
  bytes[at + 1] = (((p.dscp ?? 0) & 0x3f) << 2) | ((p.ecn ?? 0) & 3);
  bytes[at + 2] = totalLength >>> 8;
  bytes[at + 3] = totalLength & 0xff;
  bytes[at + 4] = (p.identification >>> 8) & 0xff;
  bytes[at + 5] = p.identification & 0xff;
  const flagsAndOffset = (p.dontFragment ? 0x4000 : 0) | (p.moreFragments ? 0x2000 : 0) | (((p.fragmentOffset ?? 0) >>> 3) & 0x1fff);
  bytes[at + 6] = flagsAndOffset >>> 8;
  bytes[at + 7] = flagsAndOffset & 0xff;
  bytes[at + 8] = p.ttl;
  bytes[at + 9] = p.protocol;
  ipv4ToBytes(p.src, bytes, at + 12);
  ipv4ToBytes(p.dst, bytes, at + 16);
  const checksum = internetChecksum(bytes, at, IPV4_HEADER_LENGTH);
  bytes[at + 10] = checksum >>> 8;
  bytes[at + 11] = checksum & 0xff;
}

/**
 * The packet whose header starts at `at` in `bytes` (0, or 14 in an Ethernet
 * frame: read in place, nothing copied). A bad checksum is reported in
 * `checksumOk`, not as an error.
 */
export function parseIpv4(bytes: Uint8Array, at = 0): Parsed<Ipv4Packet> {
  const available = bytes.length - at;
  const problem = headerProblem(bytes, at, available);
  if (problem !== undefined) return { ok: false, error: problem };
  const totalLength = (bytes[at + 2] << 8) | bytes[at + 3];
  if (totalLength > available) return { ok: false, error: cutShort(totalLength, available) };
  return { ok: true, value: new ReadIpv4(bytes, at) };
}

/**
 * Like `parseIpv4`, but accepts a packet cut short after its header, as in the
 * quote inside an ICMP error (RFC 792: header + 8 bytes). `payload` is then
 * only the part that arrived; `totalLength` still says what was sent.
 */
export function parseIpv4Header(bytes: Uint8Array): Parsed<Ipv4Packet> {
  const problem = headerProblem(bytes, 0, bytes.length);
  if (problem !== undefined) return { ok: false, error: problem };
  return { ok: true, value: new ReadIpv4(bytes, 0) };
}

/**
 * The header at `at`, already checked by `headerProblem`, as read. Its
 * payload is a view made only when asked for: a router forwarding a packet
 * never looks at it, and ICMP is read in place (`payloadAt`), so most
 * packets need none.
 */
class ReadIpv4 implements Ipv4Packet {
  readonly headerLength: number;
  readonly totalLength: number;
  readonly dscp: number;
  readonly ecn: number;
  readonly identification: number;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum: number;
  readonly checksumOk: boolean;
  readonly src: number;
  readonly dst: number;
  readonly payloadAt: number;
  readonly payloadEnd: number;
  private view?: Uint8Array = undefined;

  constructor(readonly bytes: Uint8Array, at: number) {
    const headerLength = (bytes[at] & 0x0f) * 4;
    const totalLength = (bytes[at + 2] << 8) | bytes[at + 3];
    const flagsAndOffset = (bytes[at + 6] << 8) | bytes[at + 7];
    this.headerLength = headerLength;
    this.totalLength = totalLength;
    this.dscp = bytes[at + 1] >>> 2;
    this.ecn = bytes[at + 1] & 3;
    this.identification = (bytes[at + 4] << 8) | bytes[at + 5];
    this.dontFragment = (flagsAndOffset & 0x4000) !== 0;
    this.moreFragments = (flagsAndOffset & 0x2000) !== 0;
    this.fragmentOffset = (flagsAndOffset & 0x1fff) * 8;
    this.ttl = bytes[at + 8];
    this.protocol = bytes[at + 9];
    this.checksum = (bytes[at + 10] << 8) | bytes[at + 11];
    this.checksumOk = checksumValid(bytes, at, headerLength);
    this.src = ipv4FromBytes(bytes, at + 12);
    this.dst = ipv4FromBytes(bytes, at + 16);
    this.payloadAt = at + headerLength;
    this.payloadEnd = at + Math.min(totalLength, bytes.length - at);
  }

  get payload(): Uint8Array {
    return (this.view ??= this.bytes.subarray(this.payloadAt, this.payloadEnd));
  }
}

/** What makes the bytes at `at` (with `available` bytes left) not an IPv4 header, if anything. */
function headerProblem(bytes: Uint8Array, at: number, available: number): string | undefined {
  if (available < IPV4_HEADER_LENGTH) return `An IPv4 header is at least 20 bytes, but only ${available} arrived`;
  const version = bytes[at] >>> 4;
  if (version !== 4) return `This is not an IPv4 packet: its version field says ${version}${version === 6 ? ' (IPv6)' : ''}, not 4`;
  const headerLength = (bytes[at] & 0x0f) * 4;
  if (headerLength < IPV4_HEADER_LENGTH) return `The header length field says ${headerLength / 4} (×4 = ${headerLength} bytes), less than the 20-byte minimum`;
  if (headerLength > available) return `The header length field says ${headerLength} bytes, but only ${available} arrived`;
  const totalLength = (bytes[at + 2] << 8) | bytes[at + 3];
  if (totalLength < headerLength) return `The total length (${totalLength} bytes) is shorter than the header itself (${headerLength} bytes)`;
  return undefined;
}

function cutShort(totalLength: number, available: number): string {
  return `The total length says ${totalLength} bytes, but only ${available} arrived: the packet was cut short`;
}

/** The checksum the header at `offset` should carry, whatever its checksum field now holds. */
export function ipv4HeaderChecksum(bytes: Uint8Array, offset: number, headerLength: number): number {
  return internetChecksum(bytes, offset + 12, headerLength - 12, onesComplementSum(bytes, offset, 10));
}

/**
 * What a router does to a packet it forwards (RFC 1812 §5.3.1): TTL minus one,
 * and the checksum patched rather than recomputed, with RFC 1624 eqn. 3:
 * HC' = ~(~HC + ~m + m'), where m is the 16-bit word holding TTL and protocol.
 * Returns the new TTL. A TTL already at 0 is left alone: the caller must
 * check for TTL ≤ 1 and send Time Exceeded instead.
 */
export function decrementTtl(bytes: Uint8Array): number {
  if (bytes[8] === 0) return 0;
  const oldWord = (bytes[8] << 8) | bytes[9];
  const newWord = oldWord - 0x0100;
  const oldChecksum = (bytes[10] << 8) | bytes[11];
  let sum = (~oldChecksum & 0xffff) + (~oldWord & 0xffff) + newWord;
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  const checksum = ~sum & 0xffff;
  bytes[8] -= 1;
  bytes[10] = checksum >>> 8;
  bytes[11] = checksum & 0xff;
  return bytes[8];
}

/** The UDP/TCP pseudo-header (RFC 768, RFC 9293 §3.1) as a partial sum for `internetChecksum`'s `initial`. */
export function ipv4PseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  const sum = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
  return (sum & 0xffff) + (sum >>> 16);
}

/** DSCP names from RFC 2474 (class selectors), RFC 2597 (AF) and RFC 3246 (EF). */
export function dscpName(dscp: number): string {
  if (dscp === 0) return 'CS0, default';
  if (dscp === 46) return 'EF, expedited forwarding';
  if (dscp % 8 === 0) return `CS${dscp / 8}`;
  const afClass = dscp >>> 3;
  const dropPrecedence = (dscp % 8) / 2;
  if (afClass >= 1 && afClass <= 4 && [1, 2, 3].includes(dropPrecedence)) return `AF${afClass}${dropPrecedence}`;
  return 'unassigned';
}

const ECN_NAMES = ['Not-ECT, not ECN-capable', 'ECT(1), ECN-capable', 'ECT(0), ECN-capable', 'CE, congestion experienced'];

/** `bytes` is the whole frame and `offset` where the IPv4 header starts. */
export function describeIpv4(bytes: Uint8Array, offset: number): DecodedLayer {
  const available = Math.max(0, bytes.length - offset);
  const declaredHeader = available > 0 ? (bytes[offset] & 0x0f) * 4 : IPV4_HEADER_LENGTH;
  const headerLength = Math.max(IPV4_HEADER_LENGTH, declaredHeader);
  // A short packet is zero-extended so the fields that did arrive still decode; the others are dropped below.
  const view = available >= headerLength ? bytes : new Uint8Array(offset + headerLength);
  if (view !== bytes) view.set(bytes.subarray(offset, offset + available), offset);
  const o = offset;
  const totalLength = (view[o + 2] << 8) | view[o + 3];
  const flags = (view[o + 6] << 8) | view[o + 7];
  const protocol = view[o + 9];
  const checksum = (view[o + 10] << 8) | view[o + 11];
  const expected = ipv4HeaderChecksum(view, o, headerLength);
  // Only a complete IPv4 header has a checksum worth comparing.
  const wholeHeader = available >= headerLength && view[o] >>> 4 === 4 && declaredHeader >= IPV4_HEADER_LENGTH;
  const src = formatIpv4(ipv4FromBytes(view, o + 12));
  const dst = formatIpv4(ipv4FromBytes(view, o + 16));
  const setOrNot = (mask: number) => ((flags & mask) !== 0 ? '1 (set)' : '0 (not set)');
  const fragmentUnits = flags & 0x1fff;
  const fields: Field[] = [
    { name: 'version', label: 'Version', offset: o, length: 1, bits: '0xf0', value: `${view[o] >>> 4}` },
    { name: 'ihl', label: 'Header length', offset: o, length: 1, bits: '0x0f', value: `${declaredHeader / 4} (${declaredHeader} bytes)` },
    { name: 'dscp', label: 'Differentiated services (DSCP)', offset: o + 1, length: 1, bits: '0xfc', value: `${view[o + 1] >>> 2} (${dscpName(view[o + 1] >>> 2)})` },
    { name: 'ecn', label: 'Explicit congestion notification (ECN)', offset: o + 1, length: 1, bits: '0x03', value: `${view[o + 1] & 3} (${ECN_NAMES[view[o + 1] & 3]})` },
    { name: 'total-length', label: 'Total length', offset: o + 2, length: 2, value: `${totalLength}` },
    { name: 'identification', label: 'Identification', offset: o + 4, length: 2, value: `0x${hex4((view[o + 4] << 8) | view[o + 5])} (${(view[o + 4] << 8) | view[o + 5]})` },
    { name: 'reserved-flag', label: 'Reserved bit', offset: o + 6, length: 2, bits: '0x8000', value: setOrNot(0x8000) },
    { name: 'dont-fragment', label: "Don't fragment", offset: o + 6, length: 2, bits: '0x4000', value: setOrNot(0x4000) },
    { name: 'more-fragments', label: 'More fragments', offset: o + 6, length: 2, bits: '0x2000', value: setOrNot(0x2000) },
    { name: 'fragment-offset', label: 'Fragment offset', offset: o + 6, length: 2, bits: '0x1fff', value: fragmentUnits === 0 ? '0' : `${fragmentUnits} (×8 = ${fragmentUnits * 8} bytes)` },
    { name: 'ttl', label: 'Time to live', offset: o + 8, length: 1, value: `${view[o + 8]}` },
    { name: 'protocol', label: 'Protocol', offset: o + 9, length: 1, value: `${ipProtocolName(protocol)} (${protocol})` },
    { name: 'checksum', label: 'Header checksum', offset: o + 10, length: 2, value: `${formatChecksum(checksum)} (${checksumVerdict(wholeHeader, checksum, expected)})` },
    { name: 'src', label: 'Source address', offset: o + 12, length: 4, value: src },
    { name: 'dst', label: 'Destination address', offset: o + 16, length: 4, value: dst },
  ];
  if (declaredHeader > IPV4_HEADER_LENGTH) {
    fields.push({ name: 'options', label: 'Options', offset: o + 20, length: declaredHeader - 20, value: `${declaredHeader - 20} bytes: ${hexBytes(view.subarray(o + 20, o + declaredHeader))}` });
  }
  const header = headerProblem(bytes, offset, available);
  const structure = header ?? (totalLength > available ? cutShort(totalLength, available) : undefined);
  const spansTotal = header === undefined && totalLength <= available;
  const layer: DecodedLayer = {
    layer: 3,
    protocol: 'IPv4',
    offset,
    length: spansTotal ? totalLength : available,
    fields: fields.filter((f) => f.offset + f.length <= bytes.length),
    summary: `${src} → ${dst}, ${ipProtocolName(protocol)}, TTL ${view[o + 8]}${fragmentSummary(flags)}`,
  };
  const problems: string[] = [];
  if (structure !== undefined) problems.push(structure);
  if (wholeHeader && checksum !== expected) {
    problems.push(`The header checksum is ${formatChecksum(checksum)} but should be ${formatChecksum(expected)}: a router or host drops a packet whose header was damaged`);
  }
  if (problems.length > 0) layer.problem = problems.join('; ');
  return layer;
}

function checksumVerdict(wholeHeader: boolean, checksum: number, expected: number): string {
  if (!wholeHeader) return 'not checked: the header is incomplete';
  return checksum === expected ? 'correct' : `wrong, should be ${formatChecksum(expected)}`;
}

function fragmentSummary(flags: number): string {
  const more = (flags & 0x2000) !== 0;
  const units = flags & 0x1fff;
  if (!more && units === 0) return '';
  return `, fragment at byte ${units * 8}${more ? ', more follow' : ', last'}`;
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
