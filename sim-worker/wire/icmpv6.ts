/**
 * ICMPv6 (RFC 4443) and the neighbour discovery messages it carries (RFC 4861):
 * type (1), code (1), checksum (2) over the IPv6 pseudo-header and the whole
 * message, then a body that depends on the type. Neighbour discovery bodies
 * end in options, each a type, a length in 8-byte units, and data.
 */
import { formatIpv6, ipv6FromBytes, ipv6ToBytes } from './address6';
import { macFromBytes, macToBytes } from './address';
import { checksumValid, formatChecksum, internetChecksum, onesComplementSum } from './checksum';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';
import { ipProtocolName, IP_PROTO_TCP, IP_PROTO_UDP } from './ipv4';
import { IP_PROTO_ICMPV6, IPV6_HEADER_LENGTH, IPV6_MIN_MTU, ipv6PseudoHeaderSum, parseIpv6Header } from './ipv6';
import { read16, read32, write32 } from './bytes';

export const ICMPV6_DESTINATION_UNREACHABLE = 1;
export const ICMPV6_PACKET_TOO_BIG = 2;
export const ICMPV6_TIME_EXCEEDED = 3;
export const ICMPV6_PARAMETER_PROBLEM = 4;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;
export const NDP_ROUTER_SOLICITATION = 133;
export const NDP_ROUTER_ADVERTISEMENT = 134;
export const NDP_NEIGHBOR_SOLICITATION = 135;
export const NDP_NEIGHBOR_ADVERTISEMENT = 136;

/** Destination unreachable codes (RFC 4443 §3.1). */
export const ICMPV6_UNREACHABLE_NO_ROUTE = 0;
export const ICMPV6_UNREACHABLE_BEYOND_SCOPE = 2;
export const ICMPV6_UNREACHABLE_ADDRESS = 3;
export const ICMPV6_UNREACHABLE_PORT = 4;
export const ICMPV6_HOP_LIMIT_EXCEEDED = 0;

/** An error quotes as much of the packet as keeps it within the minimum MTU (RFC 4443 §2.4 (c)): 1280 − 40 − 8. */
export const ICMPV6_QUOTE_LIMIT = IPV6_MIN_MTU - IPV6_HEADER_LENGTH - 8;
/** Neighbour discovery messages go with hop limit 255, and one that arrives with less came from off the link (RFC 4861 §7.1.1). */
export const NDP_HOP_LIMIT = 255;

export type NdpOption =
  | { kind: 'source-link-layer' | 'target-link-layer'; mac: string }
  | { kind: 'prefix-information'; prefix: bigint; prefixLength: number; onLink: boolean; autonomous: boolean; validLifetime: number; preferredLifetime: number }
  | { kind: 'mtu'; mtu: number };

export interface Icmpv6Echo {
  kind: 'echo-request' | 'echo-reply';
  identifier: number;
  sequence: number;
  data: Uint8Array;
}

export interface Icmpv6Error {
  kind: 'destination-unreachable' | 'time-exceeded';
  code: number;
  /** As much of the offending packet as fits (ICMPV6_QUOTE_LIMIT). */
  original: Uint8Array;
}

export interface RouterSolicitation {
  kind: 'router-solicitation';
  options: NdpOption[];
}

export interface RouterAdvertisement {
  kind: 'router-advertisement';
  curHopLimit: number;
  managed: boolean;
  other: boolean;
  /** Seconds this router may be a default router; 0: it is not one. */
  routerLifetime: number;
  reachableTimeMs: number;
  retransTimerMs: number;
  options: NdpOption[];
}

export interface NeighborSolicitation {
  kind: 'neighbor-solicitation';
  target: bigint;
  options: NdpOption[];
}

export interface NeighborAdvertisement {
  kind: 'neighbor-advertisement';
  router: boolean;
  solicited: boolean;
  override: boolean;
  target: bigint;
  options: NdpOption[];
}

export type NdpMessage = RouterSolicitation | RouterAdvertisement | NeighborSolicitation | NeighborAdvertisement;
export type Icmpv6Message = Icmpv6Echo | Icmpv6Error | NdpMessage;

const TYPE_NUMBERS: Record<Icmpv6Message['kind'], number> = {
  'destination-unreachable': ICMPV6_DESTINATION_UNREACHABLE, 'time-exceeded': ICMPV6_TIME_EXCEEDED,
  'echo-request': ICMPV6_ECHO_REQUEST, 'echo-reply': ICMPV6_ECHO_REPLY,
  'router-solicitation': NDP_ROUTER_SOLICITATION, 'router-advertisement': NDP_ROUTER_ADVERTISEMENT,
  'neighbor-solicitation': NDP_NEIGHBOR_SOLICITATION, 'neighbor-advertisement': NDP_NEIGHBOR_ADVERTISEMENT,
};

/** Wireshark's names. */
const TYPE_NAMES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem', 128: 'Echo (ping) request', 129: 'Echo (ping) reply',
  130: 'Multicast Listener Query', 131: 'Multicast Listener Report', 133: 'Router Solicitation', 134: 'Router Advertisement',
  135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement', 137: 'Redirect', 143: 'Multicast Listener Report Message v2',
};

export function icmpv6TypeName(type: number): string {
  return TYPE_NAMES[type] ?? 'Unknown type';
}

const UNREACHABLE_NAMES = [
  'No route to destination', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable',
  'Port unreachable', 'Source address failed ingress/egress policy', 'Reject route to destination',
];

export function icmpv6UnreachableName(code: number): string {
  return UNREACHABLE_NAMES[code] ?? `Unknown code ${code}`;
}

export function icmpv6TimeExceededName(code: number): string {
  if (code === 0) return 'hop limit exceeded in transit';
  if (code === 1) return 'fragment reassembly time exceeded';
  return `Unknown code ${code}`;
}

const OPTION_NUMBERS = { 'source-link-layer': 1, 'target-link-layer': 2, 'prefix-information': 3, mtu: 5 } as const;
const OPTION_NAMES: Record<number, string> = { 1: 'Source link-layer address', 2: 'Target link-layer address', 3: 'Prefix information', 4: 'Redirected header', 5: 'MTU' };

export function isIcmpv6Echo(m: Icmpv6Message): m is Icmpv6Echo {
  return m.kind === 'echo-request' || m.kind === 'echo-reply';
}

/** True for the messages RFC 4443 §2.1 calls errors (types below 128): never answered with another error. */
export function isIcmpv6ErrorType(type: number): boolean {
  return type < 128;
}

function optionsLength(options: NdpOption[]): number {
  return options.reduce((n, o) => n + (o.kind === 'prefix-information' ? 32 : 8), 0);
}

function writeOptions(options: NdpOption[], bytes: Uint8Array, at: number): void {
  for (const option of options) {
    bytes[at] = OPTION_NUMBERS[option.kind];
    if (option.kind === 'prefix-information') {
      bytes[at + 1] = 4;
      bytes[at + 2] = option.prefixLength;
      bytes[at + 3] = (option.onLink ? 0x80 : 0) | (option.autonomous ? 0x40 : 0);
      write32(bytes, at + 4, option.validLifetime);
      write32(bytes, at + 8, option.preferredLifetime);
      ipv6ToBytes(option.prefix, bytes, at + 16);
      at += 32;
    } else {
      bytes[at + 1] = 1;
      if (option.kind === 'mtu') write32(bytes, at + 4, option.mtu);
      else macToBytes(option.mac, bytes, at + 2);
      at += 8;
    }
  }
}

/** Builds the message with its checksum over the pseudo-header of `src` → `dst`. */
export function encodeIcmpv6(m: Icmpv6Message, src: bigint, dst: bigint): Uint8Array {
  let bytes: Uint8Array;
  switch (m.kind) {
    case 'echo-request':
    case 'echo-reply':
      bytes = new Uint8Array(8 + m.data.length);
      bytes[4] = (m.identifier >>> 8) & 0xff;
      bytes[5] = m.identifier & 0xff;
      bytes[6] = (m.sequence >>> 8) & 0xff;
      bytes[7] = m.sequence & 0xff;
      bytes.set(m.data, 8);
      break;
    case 'destination-unreachable':
    case 'time-exceeded':
      bytes = new Uint8Array(8 + m.original.length);
      bytes[1] = m.code;
      bytes.set(m.original, 8);
      break;
    case 'router-solicitation':
      bytes = new Uint8Array(8 + optionsLength(m.options));
      writeOptions(m.options, bytes, 8);
      break;
    case 'router-advertisement':
      bytes = new Uint8Array(16 + optionsLength(m.options));
      bytes[4] = m.curHopLimit;
      bytes[5] = (m.managed ? 0x80 : 0) | (m.other ? 0x40 : 0);
      bytes[6] = m.routerLifetime >>> 8;
      bytes[7] = m.routerLifetime & 0xff;
      write32(bytes, 8, m.reachableTimeMs);
      write32(bytes, 12, m.retransTimerMs);
      writeOptions(m.options, bytes, 16);
      break;
    case 'neighbor-solicitation':
    case 'neighbor-advertisement':
      bytes = new Uint8Array(24 + optionsLength(m.options));
      if (m.kind === 'neighbor-advertisement') bytes[4] = (m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0);
      ipv6ToBytes(m.target, bytes, 8);
      writeOptions(m.options, bytes, 24);
      break;
  }
  bytes[0] = TYPE_NUMBERS[m.kind];
  const checksum = internetChecksum(bytes, 0, bytes.length, ipv6PseudoHeaderSum(src, dst, IP_PROTO_ICMPV6, bytes.length));
  bytes[2] = checksum >>> 8;
  bytes[3] = checksum & 0xff;
  return bytes;
}

/** `bytes` is the whole message (the IPv6 payload); `src`/`dst` from the IPv6 header, for the pseudo-header. A bad checksum is reported in `checksumOk`. */
export function parseIcmpv6(bytes: Uint8Array, src: bigint, dst: bigint): Parsed<Icmpv6Message & { checksumOk: boolean }> {
  if (bytes.length < 8) return { ok: false, error: `An ICMPv6 message is at least 8 bytes, but only ${bytes.length} arrived` };
  const type = bytes[0];
  const code = bytes[1];
  const checksumOk = checksumValid(bytes, 0, bytes.length, ipv6PseudoHeaderSum(src, dst, IP_PROTO_ICMPV6, bytes.length));
  const ok = (value: Icmpv6Message): Parsed<Icmpv6Message & { checksumOk: boolean }> => ({ ok: true, value: { ...value, checksumOk } });
  const options = (at: number) => readOptions(bytes, at);
  const needs = (length: number) => bytes.length < length ? `A ${icmpv6TypeName(type)} message is at least ${length} bytes, but only ${bytes.length} arrived` : undefined;
  switch (type) {
    case ICMPV6_ECHO_REQUEST:
    case ICMPV6_ECHO_REPLY:
      return ok({ kind: type === ICMPV6_ECHO_REQUEST ? 'echo-request' : 'echo-reply', identifier: read16(bytes, 4), sequence: read16(bytes, 6), data: bytes.subarray(8) });
    case ICMPV6_DESTINATION_UNREACHABLE:
    case ICMPV6_TIME_EXCEEDED:
      return ok({ kind: type === ICMPV6_TIME_EXCEEDED ? 'time-exceeded' : 'destination-unreachable', code, original: bytes.subarray(8) });
    case NDP_ROUTER_SOLICITATION: {
      const found = options(8);
      return found.ok ? ok({ kind: 'router-solicitation', options: found.value }) : found;
    }
    case NDP_ROUTER_ADVERTISEMENT: {
      const short = needs(16);
      if (short) return { ok: false, error: short };
      const found = options(16);
      if (!found.ok) return found;
      return ok({
        kind: 'router-advertisement', curHopLimit: bytes[4], managed: (bytes[5] & 0x80) !== 0, other: (bytes[5] & 0x40) !== 0,
        routerLifetime: read16(bytes, 6), reachableTimeMs: read32(bytes, 8), retransTimerMs: read32(bytes, 12), options: found.value,
      });
    }
    case NDP_NEIGHBOR_SOLICITATION:
    case NDP_NEIGHBOR_ADVERTISEMENT: {
      const short = needs(24);
      if (short) return { ok: false, error: short };
      const found = options(24);
      if (!found.ok) return found;
      const target = ipv6FromBytes(bytes, 8);
      if (type === NDP_NEIGHBOR_SOLICITATION) return ok({ kind: 'neighbor-solicitation', target, options: found.value });
      return ok({ kind: 'neighbor-advertisement', router: (bytes[4] & 0x80) !== 0, solicited: (bytes[4] & 0x40) !== 0, override: (bytes[4] & 0x20) !== 0, target, options: found.value });
    }
  }
  return { ok: false, error: `ICMPv6 type ${type} (${icmpv6TypeName(type)}) is not one Flintnet devices handle` };
}

/** Options it does not know are skipped, as RFC 4861 §4.6 asks; one of length 0 spoils the whole message. */
function readOptions(bytes: Uint8Array, at: number): Parsed<NdpOption[]> {
  const options: NdpOption[] = [];
  while (at < bytes.length) {
    if (at + 2 > bytes.length) return { ok: false, error: 'The message ends in the middle of an option' };
    const type = bytes[at];
    const length = bytes[at + 1] * 8;
    if (length === 0) return { ok: false, error: `Option ${type} says its length is 0, which RFC 4861 §4.6 forbids: the message is discarded` };
    if (at + length > bytes.length) return { ok: false, error: `Option ${type} says it is ${length} bytes long, but the message ends first` };
    if ((type === 1 || type === 2) && length === 8) options.push({ kind: type === 1 ? 'source-link-layer' : 'target-link-layer', mac: macFromBytes(bytes, at + 2) });
    else if (type === 3 && length === 32) {
      options.push({
        kind: 'prefix-information', prefixLength: bytes[at + 2], onLink: (bytes[at + 3] & 0x80) !== 0, autonomous: (bytes[at + 3] & 0x40) !== 0,
        validLifetime: read32(bytes, at + 4), preferredLifetime: read32(bytes, at + 8), prefix: ipv6FromBytes(bytes, at + 16),
      });
    } else if (type === 5 && length === 8) options.push({ kind: 'mtu', mtu: read32(bytes, at + 4) });
    at += length;
  }
  return { ok: true, value: options };
}

/** The link-layer address an NDP message carries in its options, if any. */
export function linkLayerOption(options: NdpOption[], kind: 'source-link-layer' | 'target-link-layer'): string | undefined {
  const found = options.find((o) => o.kind === kind);
  return found && 'mac' in found ? found.mac : undefined;
}

/** As much of the packet as an ICMPv6 error may quote (RFC 4443 §2.4 (c)); never the Ethernet padding after it. */
export function quoteForIcmpv6Error(ipPacket: Uint8Array): Uint8Array {
  const declared = ipPacket.length >= 6 ? IPV6_HEADER_LENGTH + ((ipPacket[4] << 8) | ipPacket[5]) : ipPacket.length;
  return ipPacket.subarray(0, Math.min(ipPacket.length, declared, ICMPV6_QUOTE_LIMIT));
}

/** The echo request an ICMPv6 error quotes, if it quotes one. */
export function quotedEcho6(original: Uint8Array): { identifier: number; sequence: number } | undefined {
  const ip = parseIpv6Header(original);
  if (!ip.ok || ip.value.nextHeader !== IP_PROTO_ICMPV6) return undefined;
  const quoted = ip.value.payload;
  if (quoted.length < 8 || quoted[0] !== ICMPV6_ECHO_REQUEST) return undefined;
  return { identifier: read16(quoted, 4), sequence: read16(quoted, 6) };
}

/** The Info line as Wireshark writes it, e.g. "Neighbor Solicitation for 2001:db8:1::1 from 02:00:00:00:00:0a". */
export function icmpv6Summary(m: Icmpv6Message): string {
  const from = (options: NdpOption[]) => {
    const mac = linkLayerOption(options, 'source-link-layer');
    return mac ? ` from ${mac}` : '';
  };
  switch (m.kind) {
    case 'echo-request':
    case 'echo-reply':
      return `${m.kind === 'echo-request' ? 'Echo (ping) request' : 'Echo (ping) reply'} id=0x${hex4(m.identifier)}, seq=${m.sequence}`;
    case 'destination-unreachable':
      return `Destination Unreachable (${icmpv6UnreachableName(m.code)})`;
    case 'time-exceeded':
      return `Time Exceeded (${icmpv6TimeExceededName(m.code)})`;
    case 'router-solicitation':
      return `Router Solicitation${from(m.options)}`;
    case 'router-advertisement':
      return `Router Advertisement${from(m.options)}`;
    case 'neighbor-solicitation':
      return `Neighbor Solicitation for ${formatIpv6(m.target)}${from(m.options)}`;
    case 'neighbor-advertisement': {
      const flags = [m.router && 'rtr', m.solicited && 'sol', m.override && 'ovr'].filter(Boolean).join(', ');
      const mac = linkLayerOption(m.options, 'target-link-layer');
      return `Neighbor Advertisement ${formatIpv6(m.target)}${flags ? ` (${flags})` : ''}${mac ? ` is at ${mac}` : ''}`;
    }
  }
}

/** `bytes` is the whole frame, `offset` where ICMPv6 starts, `length` its length from the IPv6 header, `src`/`dst` the IPv6 addresses. */
export function describeIcmpv6(bytes: Uint8Array, offset: number, length: number, src: bigint, dst: bigint): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const o = offset;
  const layer: DecodedLayer = { layer: 3, protocol: 'ICMPv6', offset, length: available, fields: [], summary: '' };
  if (available < 8) {
    layer.summary = `Truncated ICMPv6 message (${available} bytes)`;
    layer.problem = `An ICMPv6 message is at least 8 bytes, but only ${available} arrived`;
    if (available > 0) layer.fields.push({ name: 'truncated', label: 'Incomplete header', offset: o, length: available, value: `${available} bytes` });
    return layer;
  }
  const type = bytes[o];
  const code = bytes[o + 1];
  const checksum = read16(bytes, o + 2);
  const expected = internetChecksum(bytes, o + 4, available - 4, onesComplementSum(bytes, o, 2, ipv6PseudoHeaderSum(src, dst, IP_PROTO_ICMPV6, length)));
  const complete = available === length;
  const verdict = !complete ? 'not checked: the message is incomplete' : checksum === expected ? 'correct' : `wrong, should be ${formatChecksum(expected)}`;
  const codeName = type === ICMPV6_DESTINATION_UNREACHABLE ? ` (${icmpv6UnreachableName(code)})` : type === ICMPV6_TIME_EXCEEDED ? ` (${icmpv6TimeExceededName(code)})` : '';
  layer.fields = [
    { name: 'type', label: 'Type', offset: o, length: 1, value: `${icmpv6TypeName(type)} (${type})` },
    { name: 'code', label: 'Code', offset: o + 1, length: 1, value: `${code}${codeName}` },
    { name: 'checksum', label: 'Checksum', offset: o + 2, length: 2, value: `${formatChecksum(checksum)} (${verdict})` },
    ...bodyFields(bytes, o, available),
  ];
  const parsed = parseIcmpv6(bytes.subarray(o, o + available), src, dst);
  layer.summary = parsed.ok ? icmpv6Summary(parsed.value) : `${icmpv6TypeName(type)} (type ${type}, code ${code})`;
  const problems: string[] = [];
  if (!complete) problems.push(`The IPv6 header says this ICMPv6 message is ${length} bytes, but only ${available} arrived`);
  if (complete && checksum !== expected) problems.push(`The ICMPv6 checksum is ${formatChecksum(checksum)} but should be ${formatChecksum(expected)}: the receiver discards a damaged message`);
  if (!parsed.ok && type >= 133 && type <= 136) problems.push(parsed.error);
  if (problems.length > 0) layer.problem = problems.join('; ');
  return layer;
}

function bodyFields(bytes: Uint8Array, o: number, available: number): Field[] {
  const type = bytes[o];
  const end = o + available;
  const field = (name: string, label: string, at: number, length: number, value: string): Field[] => (at + length <= end ? [{ name, label, offset: at, length, value }] : []);
  const rest = (at: number, name: string, label: string): Field[] => (at < end ? [{ name, label, offset: at, length: end - at, value: `${end - at} bytes` }] : []);
  switch (type) {
    case ICMPV6_ECHO_REQUEST:
    case ICMPV6_ECHO_REPLY:
      return [
        ...field('identifier', 'Identifier', o + 4, 2, `0x${hex4(read16(bytes, o + 4))} (${read16(bytes, o + 4)})`),
        ...field('sequence', 'Sequence number', o + 6, 2, `${read16(bytes, o + 6)}`),
        ...rest(o + 8, 'data', 'Data'),
      ];
    case ICMPV6_DESTINATION_UNREACHABLE:
    case ICMPV6_TIME_EXCEEDED:
      return [...field('unused', 'Unused', o + 4, 4, `0x${hex4(read16(bytes, o + 4))}${hex4(read16(bytes, o + 6))}`), ...quotedFields(bytes, o + 8, end)];
    case NDP_ROUTER_SOLICITATION:
      return [...field('reserved', 'Reserved', o + 4, 4, '0'), ...optionFields(bytes, o + 8, end)];
    case NDP_ROUTER_ADVERTISEMENT: {
      const flags = bytes[o + 5];
      return [
        ...field('cur-hop-limit', 'Current hop limit (for hosts to use)', o + 4, 1, `${bytes[o + 4]}`),
        { name: 'managed', label: 'Managed address configuration (DHCPv6)', offset: o + 5, length: 1, bits: '0x80', value: flags & 0x80 ? '1 (set)' : '0 (not set)' },
        { name: 'other', label: 'Other configuration (DHCPv6)', offset: o + 5, length: 1, bits: '0x40', value: flags & 0x40 ? '1 (set)' : '0 (not set)' },
        ...field('router-lifetime', 'Router lifetime', o + 6, 2, `${read16(bytes, o + 6)} s${read16(bytes, o + 6) === 0 ? ' (not a default router)' : ''}`),
        ...field('reachable-time', 'Reachable time', o + 8, 4, `${read32(bytes, o + 8)} ms${read32(bytes, o + 8) === 0 ? ' (unspecified)' : ''}`),
        ...field('retrans-timer', 'Retransmission timer', o + 12, 4, `${read32(bytes, o + 12)} ms${read32(bytes, o + 12) === 0 ? ' (unspecified)' : ''}`),
        ...optionFields(bytes, o + 16, end),
      ];
    }
    case NDP_NEIGHBOR_SOLICITATION:
    case NDP_NEIGHBOR_ADVERTISEMENT: {
      const flags = bytes[o + 4];
      const flagFields: Field[] = type === NDP_NEIGHBOR_SOLICITATION ? field('reserved', 'Reserved', o + 4, 4, '0') : [
        { name: 'router', label: 'Router flag', offset: o + 4, length: 1, bits: '0x80', value: flags & 0x80 ? '1 (the sender is a router)' : '0 (not a router)' },
        { name: 'solicited', label: 'Solicited flag', offset: o + 4, length: 1, bits: '0x40', value: flags & 0x40 ? '1 (an answer to a solicitation)' : '0 (unsolicited)' },
        { name: 'override', label: 'Override flag', offset: o + 4, length: 1, bits: '0x20', value: flags & 0x20 ? '1 (replaces a cached address)' : '0' },
      ];
      return [...flagFields, ...field('target', 'Target address', o + 8, 16, available >= 24 ? formatIpv6(ipv6FromBytes(bytes, o + 8)) : ''), ...optionFields(bytes, o + 24, end)];
    }
  }
  return [...field('rest-of-header', 'Rest of header', o + 4, 4, `0x${hex4(read16(bytes, o + 4))}${hex4(read16(bytes, o + 6))}`), ...rest(o + 8, 'data', 'Data')];
}

function optionFields(bytes: Uint8Array, at: number, end: number): Field[] {
  const fields: Field[] = [];
  while (at + 2 <= end) {
    const type = bytes[at];
    const length = bytes[at + 1] * 8;
    const name = OPTION_NAMES[type] ?? `Unknown option ${type}`;
    if (length === 0 || at + length > end) {
      fields.push({ name: 'option', label: `Option: ${name}`, offset: at, length: end - at, value: `length ${length} bytes: invalid` });
      return fields;
    }
    let value = `${length} bytes`;
    if ((type === 1 || type === 2) && length === 8) value = macFromBytes(bytes, at + 2);
    else if (type === 3 && length === 32) {
      const flags = [bytes[at + 3] & 0x80 && 'on-link', bytes[at + 3] & 0x40 && 'autonomous (SLAAC)'].filter(Boolean).join(', ');
      value = `${formatIpv6(ipv6FromBytes(bytes, at + 16))}/${bytes[at + 2]}${flags ? `, ${flags}` : ''}, valid ${read32(bytes, at + 4)} s, preferred ${read32(bytes, at + 8)} s`;
    } else if (type === 5 && length === 8) value = `${read32(bytes, at + 4)} bytes`;
    fields.push({ name: `option-${type}`, label: `Option: ${name}`, offset: at, length, value });
    at += length;
  }
  return fields;
}

function quotedFields(bytes: Uint8Array, at: number, end: number): Field[] {
  const length = end - at;
  if (length <= 0) return [];
  const ip = parseIpv6Header(bytes.subarray(at, end));
  if (!ip.ok) return [{ name: 'original', label: 'Original packet (quoted)', offset: at, length, value: `${length} bytes, not a complete IPv6 header` }];
  const { src, dst, nextHeader, hopLimit, payload } = ip.value;
  const fields: Field[] = [{ name: 'original-header', label: 'Original IPv6 header (quoted)', offset: at, length: IPV6_HEADER_LENGTH, value: `IPv6 ${formatIpv6(src)} → ${formatIpv6(dst)}, ${ipProtocolName(nextHeader)}, hop limit ${hopLimit}` }];
  if (length > IPV6_HEADER_LENGTH) {
    const ports = (nextHeader === IP_PROTO_UDP || nextHeader === IP_PROTO_TCP) && payload.length >= 4 ? `: ${ipProtocolName(nextHeader)} port ${read16(payload, 0)} → ${read16(payload, 2)}` : '';
    fields.push({ name: 'original-data', label: 'Original payload (quoted)', offset: at + IPV6_HEADER_LENGTH, length: length - IPV6_HEADER_LENGTH, value: `first ${length - IPV6_HEADER_LENGTH} bytes${ports}` });
  }
  return fields;
}
