/**
 * ICMP for IPv4 (RFC 792): type (1), code (1), checksum (2) over the whole
 * message, 4 bytes that depend on the type, then data. Echo carries an
 * identifier and a sequence number; errors quote the packet that caused them.
 */
import { formatIpv4, ipv4FromBytes, ipv4ToBytes } from './address';
import { newBytes } from './bytes';
import { checksumValid, formatChecksum, internetChecksum, onesComplementSum } from './checksum';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';
import { ipProtocolName, IP_PROTO_ICMP, IP_PROTO_TCP, IP_PROTO_UDP, parseIpv4Header } from './ipv4';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DESTINATION_UNREACHABLE = 3;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_HEADER_LENGTH = 8;

export const ICMP_UNREACHABLE_NETWORK = 0;
export const ICMP_UNREACHABLE_HOST = 1;
export const ICMP_UNREACHABLE_PROTOCOL = 2;
export const ICMP_UNREACHABLE_PORT = 3;
export const ICMP_UNREACHABLE_FRAGMENTATION_NEEDED = 4;
export const ICMP_UNREACHABLE_ADMIN_PROHIBITED = 13;
/** Redirect codes (RFC 792); Linux only ever sends host redirects (RFC 1812 §5.2.7.2 deprecates network ones). */
export const ICMP_REDIRECT_NETWORK = 0;
export const ICMP_REDIRECT_HOST = 1;
export const ICMP_TTL_EXCEEDED_IN_TRANSIT = 0;
export const ICMP_REASSEMBLY_TIME_EXCEEDED = 1;

/**
 * Linux quotes as much of the offending packet as keeps the ICMP error's IP
 * packet within 576 bytes (RFC 1812 §4.3.2.3): 576 − 20 − 8 = 548 bytes.
 * RFC 792 asks only for the IP header and the first 8 bytes of its payload.
 */
export const LINUX_ICMP_QUOTE_LIMIT = 548;

export interface IcmpEcho {
  kind: 'echo-request' | 'echo-reply';
  identifier: number;
  sequence: number;
  data: Uint8Array;
}

export interface IcmpError {
  kind: 'destination-unreachable' | 'time-exceeded';
  code: number;
  /** The offending packet's IP header and at least the first 8 bytes of its payload. */
  original: Uint8Array;
  /** Fragmentation needed only: the MTU of the next hop (RFC 1191 §4). */
  nextHopMtu?: number;
}

/** A router telling a host on its own network that another router there is the better first hop (RFC 792). */
export interface IcmpRedirect {
  kind: 'redirect';
  code: number;
  /** The better first hop, on the host's own network. */
  gateway: number;
  /** The packet that went the long way round: its IP header and at least 8 bytes of its payload. */
  original: Uint8Array;
}

export type IcmpMessage = IcmpEcho | IcmpError | IcmpRedirect;

const TYPE_NUMBERS = {
  'echo-reply': ICMP_ECHO_REPLY, 'destination-unreachable': ICMP_DESTINATION_UNREACHABLE, redirect: ICMP_REDIRECT,
  'echo-request': ICMP_ECHO_REQUEST, 'time-exceeded': ICMP_TIME_EXCEEDED,
};

const TYPE_NAMES: Record<number, string> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench', 5: 'Redirect', 8: 'Echo (ping) request',
  9: 'Router advertisement', 10: 'Router solicitation', 11: 'Time-to-live exceeded', 12: 'Parameter problem',
  13: 'Timestamp request', 14: 'Timestamp reply',
};

export function icmpTypeName(type: number): string {
  return TYPE_NAMES[type] ?? 'Unknown type';
}

// RFC 792 codes 0–5, RFC 1122 §3.2.2.1 codes 6–12, RFC 1812 §5.2.7.1 codes 13–15.
const UNREACHABLE_NAMES = [
  'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable',
  "Fragmentation needed but don't fragment is set", 'Source route failed', 'Destination network unknown',
  'Destination host unknown', 'Source host isolated', 'Network administratively prohibited',
  'Host administratively prohibited', 'Network unreachable for this type of service',
  'Host unreachable for this type of service', 'Communication administratively prohibited (filtered)',
  'Host precedence violation', 'Precedence cutoff in effect',
];

export function unreachableCodeName(code: number): string {
  return UNREACHABLE_NAMES[code] ?? `Unknown code ${code}`;
}

const REDIRECT_NAMES = ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'];

export function redirectCodeName(code: number): string {
  return REDIRECT_NAMES[code] ?? `Unknown code ${code}`;
}

export function timeExceededCodeName(code: number): string {
  if (code === ICMP_TTL_EXCEEDED_IN_TRANSIT) return 'Time to live exceeded in transit';
  if (code === ICMP_REASSEMBLY_TIME_EXCEEDED) return 'Fragment reassembly time exceeded';
  return `Unknown code ${code}`;
}

export function isIcmpEcho(m: IcmpMessage): m is IcmpEcho {
  return m.kind === 'echo-request' || m.kind === 'echo-reply';
}

export function encodeIcmp(m: IcmpMessage): Uint8Array {
  const bytes = newBytes(icmpLength(m));
  writeIcmp(m, bytes, 0);
  return bytes;
}

/** The length of the message, header and body. */
export function icmpLength(m: IcmpMessage): number {
  return ICMP_HEADER_LENGTH + (isIcmpEcho(m) ? m.data : m.original).length;
}

/** Writes the message at `at` in `bytes` (zeroes, `icmpLength` of them): how a packet is built in its frame in one pass. */
export function writeIcmp(m: IcmpMessage, bytes: Uint8Array, at: number): void {
  const body = isIcmpEcho(m) ? m.data : m.original;
  bytes[at] = TYPE_NUMBERS[m.kind];
  if (isIcmpEcho(m)) {
    bytes[at + 4] = (m.identifier >>> 8) & 0xff;
    bytes[at + 5] = m.identifier & 0xff;
    bytes[at + 6] = (m.sequence >>> 8) & 0xff;
    bytes[at + 7] = m.sequence & 0xff;
  } else if (m.kind === 'redirect') {
    bytes[at + 1] = m.code;
    ipv4ToBytes(m.gateway, bytes, at + 4);
  } else {
    bytes[at + 1] = m.code;
    // Bytes 4–7 are unused (zero), except the next-hop MTU in 6–7 for fragmentation needed (RFC 1191 §4).
    if (m.nextHopMtu !== undefined) {
      bytes[at + 6] = (m.nextHopMtu >>> 8) & 0xff;
      bytes[at + 7] = m.nextHopMtu & 0xff;
    }
  }
  bytes.set(body, at + ICMP_HEADER_LENGTH);
  const checksum = internetChecksum(bytes, at, ICMP_HEADER_LENGTH + body.length);
  bytes[at + 2] = checksum >>> 8;
  bytes[at + 3] = checksum & 0xff;
}

/** The ICMP message in `bytes` from `at` to `end` (the IPv4 payload, read in place). A bad checksum is reported in `checksumOk`, not as an error. */
export function parseIcmp(bytes: Uint8Array, at = 0, end = bytes.length): Parsed<IcmpMessage & { checksumOk: boolean }> {
  const length = end - at;
  if (length < ICMP_HEADER_LENGTH) return { ok: false, error: `An ICMP message is at least 8 bytes, but only ${length} arrived` };
  const type = bytes[at];
  const checksumOk = checksumValid(bytes, at, length);
  if (type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY) {
    return {
      ok: true,
      value: {
        kind: type === ICMP_ECHO_REQUEST ? 'echo-request' : 'echo-reply',
        identifier: (bytes[at + 4] << 8) | bytes[at + 5],
        sequence: (bytes[at + 6] << 8) | bytes[at + 7],
        data: bytes.subarray(at + ICMP_HEADER_LENGTH, end),
        checksumOk,
      },
    };
  }
  if (type === ICMP_DESTINATION_UNREACHABLE || type === ICMP_TIME_EXCEEDED) {
    const code = bytes[at + 1];
    const value: IcmpMessage & { checksumOk: boolean } = {
      kind: type === ICMP_TIME_EXCEEDED ? 'time-exceeded' : 'destination-unreachable',
      code,
      original: bytes.subarray(at + ICMP_HEADER_LENGTH, end),
      checksumOk,
    };
    if (type === ICMP_DESTINATION_UNREACHABLE && code === ICMP_UNREACHABLE_FRAGMENTATION_NEEDED) value.nextHopMtu = (bytes[at + 6] << 8) | bytes[at + 7];
    return { ok: true, value };
  }
  if (type === ICMP_REDIRECT) {
    return { ok: true, value: { kind: 'redirect', code: bytes[at + 1], gateway: ipv4FromBytes(bytes, at + 4), original: bytes.subarray(at + ICMP_HEADER_LENGTH, end), checksumOk } };
  }
  return { ok: false, error: `ICMP type ${type} (${icmpTypeName(type)}) is not one Flintnet devices handle` };
}

/**
 * The part of an IPv4 packet an ICMP error quotes: its header and the first
 * 8 bytes of its payload (RFC 792), or up to `maxBytes` (see
 * LINUX_ICMP_QUOTE_LIMIT). Ethernet padding after the packet is never quoted.
 * Returns a view into `ipPacket`.
 */
export function quoteForIcmpError(ipPacket: Uint8Array, maxBytes?: number): Uint8Array {
  const headerLength = ipPacket.length > 0 ? (ipPacket[0] & 0x0f) * 4 : 0;
  const totalLength = ipPacket.length >= 4 ? (ipPacket[2] << 8) | ipPacket[3] : ipPacket.length;
  const end = Math.min(ipPacket.length, totalLength, maxBytes ?? headerLength + 8);
  return ipPacket.subarray(0, end);
}

/** The echo request an ICMP error quotes, if it quotes one: how ping matches an error to the request it sent. */
export function quotedEcho(original: Uint8Array): { identifier: number; sequence: number } | undefined {
  const ip = parseIpv4Header(original);
  if (!ip.ok || ip.value.protocol !== IP_PROTO_ICMP) return undefined;
  const quoted = original.subarray(ip.value.headerLength);
  if (quoted.length < 8 || quoted[0] !== ICMP_ECHO_REQUEST) return undefined;
  return { identifier: (quoted[4] << 8) | quoted[5], sequence: (quoted[6] << 8) | quoted[7] };
}

/** The Info line as Wireshark writes it, e.g. "Echo (ping) request  id=0x0001, seq=1". */
export function icmpSummary(m: IcmpMessage): string {
  switch (m.kind) {
    case 'echo-request':
      return `Echo (ping) request  id=0x${hex4(m.identifier)}, seq=${m.sequence}`;
    case 'echo-reply':
      return `Echo (ping) reply    id=0x${hex4(m.identifier)}, seq=${m.sequence}`;
    case 'destination-unreachable':
      return `Destination unreachable (${unreachableCodeName(m.code)})`;
    case 'time-exceeded':
      return `Time-to-live exceeded (${timeExceededCodeName(m.code)})`;
    case 'redirect':
      // Wireshark pads the type name to 20 characters.
      return `${'Redirect'.padEnd(20)} (${redirectCodeName(m.code)})`;
  }
}

/** `bytes` is the whole frame, `offset` where ICMP starts and `length` the ICMP message length from the IP header. */
export function describeIcmp(bytes: Uint8Array, offset: number, length: number): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const o = offset;
  const layer: DecodedLayer = { layer: 3, protocol: 'ICMP', offset, length: available, fields: [], summary: '' };
  if (available < ICMP_HEADER_LENGTH) {
    layer.summary = `Truncated ICMP message (${available} bytes)`;
    layer.problem = available < length ? cutShort(length, available) : `An ICMP message is at least 8 bytes, but this one is only ${available}`;
    if (available >= 1) layer.fields.push({ name: 'type', label: 'Type', offset: o, length: 1, value: `${icmpTypeName(bytes[o])} (${bytes[o]})` });
    if (available >= 2) layer.fields.push({ name: 'code', label: 'Code', offset: o + 1, length: 1, value: `${bytes[o + 1]}` });
    if (available > 2) layer.fields.push({ name: 'truncated', label: 'Incomplete header', offset: o + 2, length: available - 2, value: `${available - 2} of the 6 remaining header bytes` });
    return layer;
  }
  const type = bytes[o];
  const code = bytes[o + 1];
  const checksum = (bytes[o + 2] << 8) | bytes[o + 3];
  const expected = internetChecksum(bytes, o + 4, available - 4, onesComplementSum(bytes, o, 2));
  const complete = available === length;
  const verdict = !complete ? 'not checked: the message is incomplete' : checksum === expected ? 'correct' : `wrong, should be ${formatChecksum(expected)}`;
  const fields: Field[] = [
    { name: 'type', label: 'Type', offset: o, length: 1, value: `${icmpTypeName(type)} (${type})` },
    { name: 'code', label: 'Code', offset: o + 1, length: 1, value: codeValue(type, code) },
    { name: 'checksum', label: 'Checksum', offset: o + 2, length: 2, value: `${formatChecksum(checksum)} (${verdict})` },
    ...typeFields(bytes, o, available),
  ];
  layer.fields = fields;
  const parsed = parseIcmp(bytes, o, o + available);
  layer.summary = parsed.ok ? icmpSummary(parsed.value) : `${icmpTypeName(type)} (type ${type}, code ${code})`;
  const problems: string[] = [];
  if (!complete) problems.push(cutShort(length, available));
  if (complete && checksum !== expected) problems.push(`The ICMP checksum is ${formatChecksum(checksum)} but should be ${formatChecksum(expected)}: the receiver discards a damaged message`);
  if (quotesPacket(type) && quotedProblem(bytes, o + 8, available - 8)) {
    problems.push('An ICMP error must quote the IP header and first 8 bytes of the packet that caused it (RFC 792), but this quote is shorter');
  }
  if (problems.length > 0) layer.problem = problems.join('; ');
  return layer;
}

function cutShort(length: number, available: number): string {
  return `The IP header says this ICMP message is ${length} bytes, but only ${available} arrived`;
}

function codeValue(type: number, code: number): string {
  if (type === ICMP_DESTINATION_UNREACHABLE) return `${code} (${unreachableCodeName(code)})`;
  if (type === ICMP_TIME_EXCEEDED) return `${code} (${timeExceededCodeName(code)})`;
  if (type === ICMP_REDIRECT) return `${code} (${redirectCodeName(code)})`;
  return `${code}`;
}

function quotesPacket(type: number): boolean {
  return type === ICMP_DESTINATION_UNREACHABLE || type === ICMP_TIME_EXCEEDED || type === ICMP_REDIRECT;
}

/** Fields after the checksum, which depend on the type. */
function typeFields(bytes: Uint8Array, o: number, available: number): Field[] {
  const type = bytes[o];
  const dataLength = available - ICMP_HEADER_LENGTH;
  const fields: Field[] = [];
  if (type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY) {
    const identifier = (bytes[o + 4] << 8) | bytes[o + 5];
    const sequence = (bytes[o + 6] << 8) | bytes[o + 7];
    fields.push(
      { name: 'identifier', label: 'Identifier', offset: o + 4, length: 2, value: `0x${hex4(identifier)} (${identifier})` },
      { name: 'sequence', label: 'Sequence number', offset: o + 6, length: 2, value: `${sequence} (0x${hex4(sequence)})` },
    );
    if (dataLength > 0) fields.push({ name: 'data', label: 'Data', offset: o + 8, length: dataLength, value: `${dataLength} bytes` });
    return fields;
  }
  if (type === ICMP_DESTINATION_UNREACHABLE || type === ICMP_TIME_EXCEEDED) {
    if (type === ICMP_DESTINATION_UNREACHABLE && bytes[o + 1] === ICMP_UNREACHABLE_FRAGMENTATION_NEEDED) {
      fields.push(
        { name: 'unused', label: 'Unused', offset: o + 4, length: 2, value: `0x${hex4((bytes[o + 4] << 8) | bytes[o + 5])}` },
        { name: 'next-hop-mtu', label: 'Next-hop MTU', offset: o + 6, length: 2, value: `${(bytes[o + 6] << 8) | bytes[o + 7]}` },
      );
    } else {
      fields.push({ name: 'unused', label: 'Unused', offset: o + 4, length: 4, value: `0x${hex4((bytes[o + 4] << 8) | bytes[o + 5])}${hex4((bytes[o + 6] << 8) | bytes[o + 7])}` });
    }
    return [...fields, ...quotedFields(bytes, o + 8, dataLength)];
  }
  if (type === ICMP_REDIRECT) {
    fields.push({ name: 'gateway', label: 'Gateway address (the better first hop)', offset: o + 4, length: 4, value: formatIpv4(ipv4FromBytes(bytes, o + 4)) });
    return [...fields, ...quotedFields(bytes, o + 8, dataLength)];
  }
  fields.push({ name: 'rest-of-header', label: 'Rest of header', offset: o + 4, length: 4, value: `0x${hex4((bytes[o + 4] << 8) | bytes[o + 5])}${hex4((bytes[o + 6] << 8) | bytes[o + 7])}` });
  if (dataLength > 0) fields.push({ name: 'data', label: 'Data', offset: o + 8, length: dataLength, value: `${dataLength} bytes` });
  return fields;
}

/** The quoted packet, told in words so a learner can see which packet the error is about. */
function quotedFields(bytes: Uint8Array, at: number, length: number): Field[] {
  if (length <= 0) return [];
  const headerLength = (bytes[at] & 0x0f) * 4;
  if (bytes[at] >>> 4 !== 4 || headerLength < 20 || headerLength > length) {
    return [{ name: 'original', label: 'Original packet (quoted)', offset: at, length, value: `${length} bytes, not a complete IPv4 header` }];
  }
  const protocol = bytes[at + 9];
  const header = `IPv4 ${formatIpv4(ipv4FromBytes(bytes, at + 12))} → ${formatIpv4(ipv4FromBytes(bytes, at + 16))}, ${ipProtocolName(protocol)}, TTL ${bytes[at + 8]}, id 0x${hex4((bytes[at + 4] << 8) | bytes[at + 5])}`;
  const fields: Field[] = [{ name: 'original-header', label: 'Original IP header (quoted)', offset: at, length: headerLength, value: header }];
  const rest = length - headerLength;
  if (rest > 0) {
    const p = at + headerLength;
    // Traceroute and sockets match the error to a packet by the ports in these first 8 bytes.
    const ports = (protocol === IP_PROTO_UDP || protocol === IP_PROTO_TCP) && rest >= 4 ? `: ${ipProtocolName(protocol)} port ${(bytes[p] << 8) | bytes[p + 1]} → ${(bytes[p + 2] << 8) | bytes[p + 3]}` : '';
    fields.push({ name: 'original-data', label: 'Original payload (quoted)', offset: p, length: rest, value: `first ${rest} bytes${ports}` });
  }
  return fields;
}

/** Short of the header plus 8 bytes (RFC 792), unless the quoted packet itself was shorter. */
function quotedProblem(bytes: Uint8Array, at: number, length: number): boolean {
  if (length < 20) return true;
  const quotedTotal = (bytes[at + 2] << 8) | bytes[at + 3];
  return length < Math.min((bytes[at] & 0x0f) * 4 + 8, quotedTotal);
}
