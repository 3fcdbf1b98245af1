/**
 * UDP datagrams (RFC 768): source port (2), destination port (2), length (2,
 * header included), checksum (2), data. The checksum covers a pseudo-header
 * of the IPv4 addresses, the protocol and the UDP length, then the header
 * and data; over IPv4 a sender may leave it 0, meaning "not computed".
 */
import { newBytes } from './bytes';
import { parseIpv4Header, IP_PROTO_UDP, ipv4PseudoHeaderSum } from './ipv4';
import { ipv6PseudoHeaderSum, parseIpv6Header } from './ipv6';
import { checksumValid, formatChecksum, internetChecksum, onesComplementSum } from './checksum';
import type { DecodedLayer, Field, Parsed } from './fields';

export const UDP_HEADER_LENGTH = 8;

/** Linux's ephemeral port range (net.ipv4.ip_local_port_range, "32768 60999"). */
export const EPHEMERAL_PORT_FIRST = 32768;
export const EPHEMERAL_PORT_LAST = 60999;

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  /** The length field: header plus data, in bytes. */
  length: number;
  checksum: number;
  /** True when the checksum is right, or is 0 (none sent). */
  checksumOk: boolean;
  /** A view of the data, up to the length field. */
  payload: Uint8Array;
}

export interface UdpSend {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/** Builds a datagram with its checksum over the pseudo-header of `src` → `dst`. */
export function encodeUdp(d: UdpSend, src: number, dst: number): Uint8Array {
  return encodeUdpOver(d, (length) => ipv4PseudoHeaderSum(src, dst, IP_PROTO_UDP, length));
}

/** Over IPv6 the checksum covers the IPv6 pseudo-header (RFC 8200 §8.1). */
export function encodeUdp6(d: UdpSend, src: bigint, dst: bigint): Uint8Array {
  return encodeUdpOver(d, (length) => ipv6PseudoHeaderSum(src, dst, IP_PROTO_UDP, length));
}

/** `pseudoHeader` gives the IP version's pseudo-header sum for a datagram of a length. */
function encodeUdpOver(d: UdpSend, pseudoHeader: (length: number) => number): Uint8Array {
  const length = UDP_HEADER_LENGTH + d.payload.length;
  if (length > 0xffff) throw new RangeError(`A UDP datagram holds at most 65527 data bytes, not ${d.payload.length}`);
  const bytes = newBytes(length);
  bytes[0] = d.srcPort >>> 8;
  bytes[1] = d.srcPort & 0xff;
  bytes[2] = d.dstPort >>> 8;
  bytes[3] = d.dstPort & 0xff;
  bytes[4] = length >>> 8;
  bytes[5] = length & 0xff;
  bytes.set(d.payload, UDP_HEADER_LENGTH);
  const computed = internetChecksum(bytes, 0, length, pseudoHeader(length));
  // A computed 0 is sent as all ones: 0 would mean "no checksum" (RFC 768).
  const checksum = computed === 0 ? 0xffff : computed;
  bytes[6] = checksum >>> 8;
  bytes[7] = checksum & 0xff;
  return bytes;
}

/** `bytes` is the IPv4 payload; `src` and `dst` come from the IPv4 header, for the pseudo-header. */
export function parseUdp(bytes: Uint8Array, src: number, dst: number): Parsed<UdpDatagram> {
  return parseUdpOver(bytes, (length) => ipv4PseudoHeaderSum(src, dst, IP_PROTO_UDP, length), true);
}

/** Over IPv6 a checksum of 0 is not "none" but wrong: IPv6 makes the checksum mandatory (RFC 8200 §8.1). */
export function parseUdp6(bytes: Uint8Array, src: bigint, dst: bigint): Parsed<UdpDatagram> {
  return parseUdpOver(bytes, (length) => ipv6PseudoHeaderSum(src, dst, IP_PROTO_UDP, length), false);
}

function parseUdpOver(bytes: Uint8Array, pseudoHeader: (length: number) => number, zeroMeansNone: boolean): Parsed<UdpDatagram> {
  if (bytes.length < UDP_HEADER_LENGTH) return { ok: false, error: `A UDP header is 8 bytes, but only ${bytes.length} arrived` };
  const length = (bytes[4] << 8) | bytes[5];
  if (length < UDP_HEADER_LENGTH) return { ok: false, error: `The UDP length field says ${length} bytes, less than the 8-byte header itself` };
  if (length > bytes.length) return { ok: false, error: `The UDP length field says ${length} bytes, but the IP packet holds only ${bytes.length}` };
  const checksum = (bytes[6] << 8) | bytes[7];
  return {
    ok: true,
    value: {
      srcPort: (bytes[0] << 8) | bytes[1],
      dstPort: (bytes[2] << 8) | bytes[3],
      length,
      checksum,
      checksumOk: checksum === 0 ? zeroMeansNone : checksumValid(bytes, 0, length, pseudoHeader(length)),
      payload: bytes.subarray(UDP_HEADER_LENGTH, length),
    },
  };
}

/** The Info line as Wireshark writes it: "45842 → 33434 Len=32". */
export function udpSummary(d: Pick<UdpDatagram, 'srcPort' | 'dstPort' | 'length'>): string {
  return `${d.srcPort} → ${d.dstPort} Len=${d.length - UDP_HEADER_LENGTH}`;
}

/**
 * The UDP datagram an ICMP error quotes, if it quotes one: how a socket (and
 * so traceroute) learns that the error is about a datagram it sent.
 */
export function quotedUdp(original: Uint8Array): { src: number; dst: number; srcPort: number; dstPort: number } | undefined {
  const ip = parseIpv4Header(original);
  if (!ip.ok || ip.value.protocol !== IP_PROTO_UDP || ip.value.fragmentOffset !== 0) return undefined;
  const udp = original.subarray(ip.value.headerLength);
  if (udp.length < 4) return undefined;
  return { src: ip.value.src, dst: ip.value.dst, srcPort: (udp[0] << 8) | udp[1], dstPort: (udp[2] << 8) | udp[3] };
}

/** The UDP datagram an ICMPv6 error quotes, if it quotes one. */
export function quotedUdp6(original: Uint8Array): { src: bigint; dst: bigint; srcPort: number; dstPort: number } | undefined {
  const ip = parseIpv6Header(original);
  if (!ip.ok || ip.value.nextHeader !== IP_PROTO_UDP || ip.value.payload.length < 4) return undefined;
  const udp = ip.value.payload;
  return { src: ip.value.src, dst: ip.value.dst, srcPort: (udp[0] << 8) | udp[1], dstPort: (udp[2] << 8) | udp[3] };
}

/**
 * `bytes` is the whole frame, `offset` where UDP starts, `length` the IPv4
 * payload length from the IP header, `src`/`dst` the IPv4 addresses.
 */
export function describeUdp(bytes: Uint8Array, offset: number, length: number, src: number, dst: number): DecodedLayer {
  return describeUdpOver(bytes, offset, length, (udpLength) => ipv4PseudoHeaderSum(src, dst, IP_PROTO_UDP, udpLength), true);
}

/** As `describeUdp`, inside IPv6: `length` is the IPv6 payload length. */
export function describeUdp6(bytes: Uint8Array, offset: number, length: number, src: bigint, dst: bigint): DecodedLayer {
  return describeUdpOver(bytes, offset, length, (udpLength) => ipv6PseudoHeaderSum(src, dst, IP_PROTO_UDP, udpLength), false);
}

function describeUdpOver(bytes: Uint8Array, offset: number, length: number, pseudoHeader: (length: number) => number, zeroMeansNone: boolean): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const o = offset;
  const layer: DecodedLayer = { layer: 4, protocol: 'UDP', offset, length: available, fields: [], summary: '' };
  const port = (at: number) => (bytes[at] << 8) | bytes[at + 1];
  const header: Field[] = [
    { name: 'src-port', label: 'Source port', offset: o, length: 2, value: `${port(o)}` },
    { name: 'dst-port', label: 'Destination port', offset: o + 2, length: 2, value: `${port(o + 2)}` },
    { name: 'length', label: 'Length', offset: o + 4, length: 2, value: `${port(o + 4)}` },
    { name: 'checksum', label: 'Checksum', offset: o + 6, length: 2, value: '' },
  ];
  if (available < UDP_HEADER_LENGTH) {
    layer.fields = header.filter((f) => f.offset + f.length <= o + available && f.name !== 'checksum');
    const covered = layer.fields.reduce((_end, f) => f.offset + f.length, o);
    if (covered < o + available) layer.fields.push({ name: 'truncated', label: 'Incomplete header', offset: covered, length: o + available - covered, value: `${o + available - covered} bytes of a header field` });
    layer.summary = `Truncated UDP header (${available} bytes)`;
    layer.problem = available < length ? `The IP header says this UDP datagram is ${length} bytes, but only ${available} arrived` : `A UDP header is 8 bytes, but this one is only ${available}`;
    return layer;
  }
  const udpLength = port(o + 4);
  const checksum = port(o + 6);
  // The checksum can be judged only when the whole datagram its length field names is here.
  const whole = udpLength >= UDP_HEADER_LENGTH && udpLength <= available;
  const expectedRaw = whole ? internetChecksum(bytes, o + 8, udpLength - 8, onesComplementSum(bytes, o, 6, pseudoHeader(udpLength))) : 0;
  const expected = expectedRaw === 0 ? 0xffff : expectedRaw;
  let verdict: string;
  if (checksum === 0) verdict = zeroMeansNone ? 'none: the sender did not compute one, which IPv4 allows' : 'none, which IPv6 forbids (RFC 8200 §8.1)';
  else if (!whole) verdict = 'not checked: the datagram is incomplete';
  else verdict = checksum === expected ? 'correct' : `wrong, should be ${formatChecksum(expected)}`;
  header[3].value = `${formatChecksum(checksum)} (${verdict})`;
  const dataEnd = o + Math.min(Math.max(udpLength, UDP_HEADER_LENGTH), available);
  const fields = [...header];
  if (dataEnd > o + 8) fields.push({ name: 'data', label: 'Data', offset: o + 8, length: dataEnd - o - 8, value: `${dataEnd - o - 8} bytes` });
  if (dataEnd < o + available) fields.push({ name: 'extra', label: 'Bytes after the datagram', offset: dataEnd, length: o + available - dataEnd, value: `${o + available - dataEnd} bytes the UDP length leaves out, ignored` });
  layer.fields = fields;
  layer.summary = udpSummary({ srcPort: port(o), dstPort: port(o + 2), length: Math.max(udpLength, UDP_HEADER_LENGTH) });
  const problems: string[] = [];
  if (available < length) problems.push(`The IP header says this UDP datagram is ${length} bytes, but only ${available} arrived`);
  if (udpLength < UDP_HEADER_LENGTH) problems.push(`The UDP length field says ${udpLength} bytes, less than the 8-byte header itself`);
  else if (udpLength > length) problems.push(`The UDP length field says ${udpLength} bytes, but the IP packet holds only ${length}`);
  if (checksum === 0 && !zeroMeansNone) problems.push('A UDP datagram over IPv6 must carry a checksum (RFC 8200 §8.1): the receiver discards one with 0');
  if (whole && checksum !== 0 && checksum !== expected) problems.push(`The UDP checksum is ${formatChecksum(checksum)} but should be ${formatChecksum(expected)}: the receiver discards the damaged datagram`);
  if (problems.length > 0) layer.problem = problems.join('; ');
  return layer;
}
