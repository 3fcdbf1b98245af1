/**
 * DHCP messages (RFC 2131 §2) in the BOOTP format (RFC 951), with options
 * (RFC 2132). The fixed part, 236 bytes:
 *   0 op   1 htype   2 hlen   3 hops   4 xid (4)   8 secs (2)   10 flags (2, bit 15 broadcast)
 *   12 ciaddr   16 yiaddr   20 siaddr   24 giaddr   28 chaddr (16)   44 sname (64)   108 file (128)
 * then the magic cookie 99.130.83.99 and options: code, length, data; 0 is
 * a one-byte pad, 255 the end.
 */
import { formatIpv4, ipv4FromBytes, ipv4ToBytes, macFromBytes, macToBytes } from './address';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;
export const DHCP_FIXED_LENGTH = 236;
export const DHCP_MAGIC_COOKIE = 0x63825363;
/** RFC 1542 §3.3: a BOOTP message is at least 300 bytes; ISC dhclient and dhcpd pad theirs to it. */
export const BOOTP_MIN_LENGTH = 300;

const BOOTREQUEST = 1;
const BOOTREPLY = 2;
const HTYPE_ETHERNET = 1;
const BROADCAST_FLAG = 0x8000;

export type DhcpMessageType = 'discover' | 'offer' | 'request' | 'decline' | 'ack' | 'nak' | 'release' | 'inform';
/** Option 53's values (RFC 2132 §9.6), 1 to 8 in this order. */
const MESSAGE_TYPES: readonly DhcpMessageType[] = ['discover', 'offer', 'request', 'decline', 'ack', 'nak', 'release', 'inform'];

export const OPTION = {
  pad: 0, subnetMask: 1, router: 3, dns: 6, hostname: 12, requestedIp: 50, leaseTime: 51, messageType: 53,
  serverId: 54, parameterRequestList: 55, message: 56, renewalTime: 58, rebindingTime: 59, clientId: 61, end: 255,
} as const;

const OPTION_NAMES: Record<number, string> = {
  1: 'Subnet mask', 3: 'Router', 6: 'Domain name server', 12: 'Host name', 15: 'Domain name', 28: 'Broadcast address',
  42: 'NTP servers', 50: 'Requested IP address', 51: 'IP address lease time', 52: 'Option overload', 53: 'DHCP message type',
  54: 'DHCP server identifier', 55: 'Parameter request list', 56: 'Message', 57: 'Maximum DHCP message size',
  58: 'Renewal time (T1)', 59: 'Rebinding time (T2)', 60: 'Vendor class identifier', 61: 'Client identifier', 119: 'Domain search', 121: 'Classless static route',
};

export interface DhcpOptions {
  messageType?: DhcpMessageType;
  subnetMask?: number;
  routers?: number[];
  dns?: number[];
  hostname?: string;
  requestedIp?: number;
  leaseSeconds?: number;
  serverId?: number;
  parameterRequestList?: number[];
  /** Option 56: why, in words (a NAK's reason, RFC 2131 §4.3.2). */
  message?: string;
  renewalSeconds?: number;
  rebindingSeconds?: number;
  /** Option 61: type byte then the identifier (type 1 + a MAC for Ethernet). */
  clientId?: Uint8Array;
  /** Options this file does not read, kept as they came. */
  other?: { code: number; data: Uint8Array }[];
}

export interface DhcpMessage {
  op: 'request' | 'reply';
  hops?: number;
  xid: number;
  secs?: number;
  /** The client asks for replies by broadcast (RFC 2131 §4.1). */
  broadcast?: boolean;
  ciaddr?: number;
  yiaddr?: number;
  siaddr?: number;
  giaddr?: number;
  /** The client's MAC. */
  chaddr: string;
  options: DhcpOptions;
}

/** The options in the order they are written: message type first, as every implementation does. */
const ORDER: readonly (keyof DhcpOptions)[] = [
  'messageType', 'serverId', 'leaseSeconds', 'renewalSeconds', 'rebindingSeconds', 'subnetMask', 'routers', 'dns',
  'requestedIp', 'clientId', 'hostname', 'message', 'parameterRequestList',
];
const CODES: Record<Exclude<keyof DhcpOptions, 'other'>, number> = {
  messageType: OPTION.messageType, subnetMask: OPTION.subnetMask, routers: OPTION.router, dns: OPTION.dns, hostname: OPTION.hostname,
  requestedIp: OPTION.requestedIp, leaseSeconds: OPTION.leaseTime, serverId: OPTION.serverId, parameterRequestList: OPTION.parameterRequestList,
  message: OPTION.message, renewalSeconds: OPTION.renewalTime, rebindingSeconds: OPTION.rebindingTime, clientId: OPTION.clientId,
};

export function encodeDhcp(m: DhcpMessage): Uint8Array {
  const options: number[] = [];
  const put = (code: number, data: ArrayLike<number>) => {
    if (data.length > 255) throw new RangeError(`DHCP option ${code} holds at most 255 bytes, not ${data.length}`);
    options.push(code, data.length, ...Array.from(data));
  };
  const o = m.options;
  for (const key of ORDER) {
    const value = o[key];
    if (value === undefined) continue;
    const code = CODES[key as Exclude<keyof DhcpOptions, 'other'>];
    if (key === 'messageType') put(code, [MESSAGE_TYPES.indexOf(value as DhcpMessageType) + 1]);
    else if (key === 'hostname' || key === 'message') put(code, new TextEncoder().encode(value as string));
    else if (key === 'routers' || key === 'dns') put(code, (value as number[]).flatMap(addressBytes));
    else if (key === 'parameterRequestList' || key === 'clientId') put(code, value as ArrayLike<number>);
    // Addresses and times in seconds alike: four bytes, network order.
    else put(code, addressBytes(value as number));
  }
  for (const { code, data } of o.other ?? []) put(code, data);
  options.push(OPTION.end);
  const bytes = new Uint8Array(Math.max(BOOTP_MIN_LENGTH, DHCP_FIXED_LENGTH + 4 + options.length));
  bytes[0] = m.op === 'request' ? BOOTREQUEST : BOOTREPLY;
  bytes[1] = HTYPE_ETHERNET;
  bytes[2] = 6;
  bytes[3] = m.hops ?? 0;
  ipv4ToBytes(m.xid >>> 0, bytes, 4);
  bytes[8] = (m.secs ?? 0) >>> 8;
  bytes[9] = (m.secs ?? 0) & 0xff;
  bytes[10] = m.broadcast ? BROADCAST_FLAG >>> 8 : 0;
  ipv4ToBytes(m.ciaddr ?? 0, bytes, 12);
  ipv4ToBytes(m.yiaddr ?? 0, bytes, 16);
  ipv4ToBytes(m.siaddr ?? 0, bytes, 20);
  ipv4ToBytes(m.giaddr ?? 0, bytes, 24);
  macToBytes(m.chaddr, bytes, 28);
  ipv4ToBytes(DHCP_MAGIC_COOKIE, bytes, DHCP_FIXED_LENGTH);
  bytes.set(options, DHCP_FIXED_LENGTH + 4);
  return bytes;
}

function addressBytes(address: number): number[] {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255];
}

/** `bytes` is a UDP datagram's data. */
export function parseDhcp(bytes: Uint8Array): Parsed<DhcpMessage> {
  const fixed = fixedProblem(bytes);
  if (fixed !== undefined) return { ok: false, error: fixed };
  const options: DhcpOptions = {};
  for (const option of readOptions(bytes)) {
    if ('problem' in option) return { ok: false, error: option.problem };
    const problem = readOption(options, option.code, bytes.subarray(option.at + 2, option.at + 2 + option.length));
    if (problem !== undefined) return { ok: false, error: problem };
  }
  return {
    ok: true,
    value: {
      op: bytes[0] === BOOTREQUEST ? 'request' : 'reply',
      hops: bytes[3],
      xid: ipv4FromBytes(bytes, 4),
      secs: (bytes[8] << 8) | bytes[9],
      broadcast: (bytes[10] & 0x80) !== 0,
      ciaddr: ipv4FromBytes(bytes, 12),
      yiaddr: ipv4FromBytes(bytes, 16),
      siaddr: ipv4FromBytes(bytes, 20),
      giaddr: ipv4FromBytes(bytes, 24),
      chaddr: macFromBytes(bytes, 28),
      options,
    },
  };
}

function fixedProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < DHCP_FIXED_LENGTH + 4) return `A DHCP message is at least 240 bytes (the BOOTP header and the magic cookie), but only ${bytes.length} arrived`;
  if (bytes[0] !== BOOTREQUEST && bytes[0] !== BOOTREPLY) return `The op field is ${bytes[0]}: only 1 (BOOTREQUEST) and 2 (BOOTREPLY) exist`;
  if (bytes[1] !== HTYPE_ETHERNET || bytes[2] !== 6) return `The hardware type ${bytes[1]}, length ${bytes[2]}, is not Ethernet (1, 6)`;
  const cookie = ipv4FromBytes(bytes, DHCP_FIXED_LENGTH);
  if (cookie !== DHCP_MAGIC_COOKIE) return `The magic cookie is ${formatIpv4(cookie)}, not 99.130.83.99, so this is plain BOOTP, not DHCP`;
  return undefined;
}

type RawOption = { code: number; at: number; length: number } | { problem: string; at: number };

/** Every option from the cookie to the end option: where it starts and its data length (pads are skipped). */
function readOptions(bytes: Uint8Array): RawOption[] {
  const found: RawOption[] = [];
  let at = DHCP_FIXED_LENGTH + 4;
  while (at < bytes.length) {
    const code = bytes[at];
    if (code === OPTION.pad) {
      at++;
      continue;
    }
    if (code === OPTION.end) return found;
    if (at + 2 > bytes.length || at + 2 + bytes[at + 1] > bytes.length) {
      found.push({ problem: `Option ${code} (${optionName(code)}) runs past the end of the message`, at });
      return found;
    }
    found.push({ code, at, length: bytes[at + 1] });
    at += 2 + bytes[at + 1];
  }
  found.push({ problem: 'The options have no end option (255)', at });
  return found;
}

function readOption(options: DhcpOptions, code: number, data: Uint8Array): string | undefined {
  const word = () => (data.length === 4 ? ipv4FromBytes(data, 0) : undefined);
  const addresses = () => (data.length > 0 && data.length % 4 === 0 ? Array.from({ length: data.length / 4 }, (_, i) => ipv4FromBytes(data, i * 4)) : undefined);
  const wrong = (what: string) => `Option ${code} (${optionName(code)}) should hold ${what}, but it holds ${data.length} bytes`;
  switch (code) {
    case OPTION.messageType: {
      const type = data.length === 1 ? MESSAGE_TYPES[data[0] - 1] : undefined;
      if (data.length !== 1) return wrong('1 byte');
      if (type === undefined) return `Option 53 says message type ${data[0]}, which is not one of 1 to 8`;
      options.messageType = type;
      return undefined;
    }
    case OPTION.subnetMask: return set(options, 'subnetMask', word(), wrong('an address'));
    case OPTION.requestedIp: return set(options, 'requestedIp', word(), wrong('an address'));
    case OPTION.serverId: return set(options, 'serverId', word(), wrong('an address'));
    case OPTION.leaseTime: return set(options, 'leaseSeconds', word(), wrong('4 bytes'));
    case OPTION.renewalTime: return set(options, 'renewalSeconds', word(), wrong('4 bytes'));
    case OPTION.rebindingTime: return set(options, 'rebindingSeconds', word(), wrong('4 bytes'));
    case OPTION.router: return set(options, 'routers', addresses(), wrong('addresses, 4 bytes each'));
    case OPTION.dns: return set(options, 'dns', addresses(), wrong('addresses, 4 bytes each'));
    case OPTION.hostname: return set(options, 'hostname', text(data), wrong('at least one character'));
    case OPTION.message: return set(options, 'message', text(data), wrong('at least one character'));
    case OPTION.parameterRequestList: return set(options, 'parameterRequestList', data.length > 0 ? Array.from(data) : undefined, wrong('at least one option code'));
    case OPTION.clientId: return set(options, 'clientId', data.length >= 2 ? data.slice() : undefined, wrong('a type and an identifier, 2 bytes or more'));
    default:
      (options.other ??= []).push({ code, data: data.slice() });
      return undefined;
  }
}

function set<K extends keyof DhcpOptions>(options: DhcpOptions, key: K, value: DhcpOptions[K] | undefined, problem: string): string | undefined {
  if (value === undefined) return problem;
  options[key] = value;
  return undefined;
}

function text(data: Uint8Array): string | undefined {
  return data.length > 0 ? new TextDecoder().decode(data) : undefined;
}

export function optionName(code: number): string {
  return OPTION_NAMES[code] ?? 'Unknown';
}

/** "Discover", "ACK": as Wireshark writes the message types. */
export function dhcpTypeName(type: DhcpMessageType | undefined): string {
  if (type === undefined) return 'BOOTP';
  return type.length <= 3 ? type.toUpperCase() : type[0].toUpperCase() + type.slice(1);
}

/** Wireshark's Info column: "DHCP Discover - Transaction ID 0x3903f326". */
export function dhcpSummary(m: Pick<DhcpMessage, 'xid' | 'options'>): string {
  return `DHCP ${dhcpTypeName(m.options.messageType)} - Transaction ID 0x${(m.xid >>> 0).toString(16).padStart(8, '0')}`;
}

/** Whether a UDP datagram between these ports is DHCP, as Wireshark decides: either port is 67 or 68. */
export function isDhcpPort(srcPort: number, dstPort: number): boolean {
  return [srcPort, dstPort].some((port) => port === DHCP_SERVER_PORT || port === DHCP_CLIENT_PORT);
}

/** `bytes` is the whole frame, `offset` where the DHCP message starts, `length` the UDP data length. */
export function describeDhcp(bytes: Uint8Array, offset: number, length: number): DecodedLayer {
  const available = Math.max(0, Math.min(length, bytes.length - offset));
  const o = offset;
  const layer: DecodedLayer = { layer: 7, protocol: 'DHCP', offset, length: available, fields: [], summary: '' };
  const message = bytes.subarray(o, o + available);
  const fixed = fixedProblem(message);
  if (available < DHCP_FIXED_LENGTH + 4) {
    layer.summary = `Truncated DHCP message (${available} bytes)`;
    layer.problem = fixed;
    if (available > 0) layer.fields.push({ name: 'truncated', label: 'Incomplete message', offset: o, length: available, value: `${available} bytes` });
    return layer;
  }
  const word = (at: number) => (message[at] << 8) | message[at + 1];
  const flags = word(10);
  const fields: Field[] = [
    { name: 'op', label: 'Message op', offset: o, length: 1, value: message[0] === BOOTREQUEST ? '1 (Boot request)' : message[0] === BOOTREPLY ? '2 (Boot reply)' : `${message[0]} (unknown)` },
    { name: 'htype', label: 'Hardware type', offset: o + 1, length: 1, value: message[1] === HTYPE_ETHERNET ? '1 (Ethernet)' : `${message[1]}` },
    { name: 'hlen', label: 'Hardware address length', offset: o + 2, length: 1, value: `${message[2]}` },
    { name: 'hops', label: 'Hops', offset: o + 3, length: 1, value: `${message[3]}` },
    { name: 'xid', label: 'Transaction ID', offset: o + 4, length: 4, value: `0x${ipv4FromBytes(message, 4).toString(16).padStart(8, '0')}` },
    { name: 'secs', label: 'Seconds elapsed', offset: o + 8, length: 2, value: `${word(8)}` },
    { name: 'flags', label: 'Flags', offset: o + 10, length: 2, value: `0x${hex4(flags)} (${flags & BROADCAST_FLAG ? 'broadcast' : 'unicast'} replies)` },
    { name: 'ciaddr', label: 'Client IP address', offset: o + 12, length: 4, value: formatIpv4(ipv4FromBytes(message, 12)) },
    { name: 'yiaddr', label: 'Your (client) IP address', offset: o + 16, length: 4, value: formatIpv4(ipv4FromBytes(message, 16)) },
    { name: 'siaddr', label: 'Next server IP address', offset: o + 20, length: 4, value: formatIpv4(ipv4FromBytes(message, 20)) },
    { name: 'giaddr', label: 'Relay agent IP address', offset: o + 24, length: 4, value: formatIpv4(ipv4FromBytes(message, 24)) },
    { name: 'chaddr', label: 'Client MAC address', offset: o + 28, length: 6, value: macFromBytes(message, 28) },
    { name: 'chaddr-padding', label: 'Client hardware address padding', offset: o + 34, length: 10, value: '10 bytes' },
    { name: 'sname', label: 'Server host name', offset: o + 44, length: 64, value: cString(message.subarray(44, 108)) },
    { name: 'file', label: 'Boot file name', offset: o + 108, length: 128, value: cString(message.subarray(108, 236)) },
    { name: 'cookie', label: 'Magic cookie', offset: o + 236, length: 4, value: ipv4FromBytes(message, 236) === DHCP_MAGIC_COOKIE ? 'DHCP' : formatIpv4(ipv4FromBytes(message, 236)) },
  ];
  const parsed = parseDhcp(message);
  let end = DHCP_FIXED_LENGTH + 4;
  for (const option of readOptions(message)) {
    if ('problem' in option) {
      end = message.length;
      fields.push({ name: 'option-bad', label: 'Damaged option', offset: o + option.at, length: message.length - option.at, value: option.problem });
      break;
    }
    end = option.at + 2 + option.length;
    const data = message.subarray(option.at + 2, end);
    fields.push({ name: `option-${option.code}`, label: `Option ${option.code}: ${optionName(option.code)}`, offset: o + option.at, length: 2 + option.length, value: optionValue(option.code, data) });
  }
  if (end < message.length && message[end] === OPTION.end) {
    fields.push({ name: 'option-255', label: 'Option 255: End', offset: o + end, length: 1, value: 'end of options' });
    end++;
  }
  if (end < message.length) fields.push({ name: 'padding', label: 'Padding', offset: o + end, length: message.length - end, value: `${message.length - end} bytes` });
  layer.fields = fields;
  if (parsed.ok) layer.summary = dhcpSummary(parsed.value);
  else {
    layer.summary = `Malformed DHCP message - Transaction ID 0x${ipv4FromBytes(message, 4).toString(16).padStart(8, '0')}`;
    layer.problem = parsed.error;
  }
  if (fixed !== undefined) layer.problem = fixed;
  return layer;
}

function cString(data: Uint8Array): string {
  const end = data.indexOf(0);
  const textPart = data.subarray(0, end === -1 ? data.length : end);
  return textPart.length === 0 ? 'not given' : new TextDecoder().decode(textPart);
}

function optionValue(code: number, data: Uint8Array): string {
  const options: DhcpOptions = {};
  if (readOption(options, code, data) !== undefined) return `${data.length} bytes, not valid for this option`;
  if (options.messageType) return `${MESSAGE_TYPES.indexOf(options.messageType) + 1} (${dhcpTypeName(options.messageType)})`;
  const single = options.subnetMask ?? options.requestedIp ?? options.serverId;
  if (single !== undefined) return formatIpv4(single);
  const seconds = options.leaseSeconds ?? options.renewalSeconds ?? options.rebindingSeconds;
  if (seconds !== undefined) return `${seconds} s`;
  const list = options.routers ?? options.dns;
  if (list) return list.map(formatIpv4).join(', ');
  if (options.hostname !== undefined || options.message !== undefined) return `"${options.hostname ?? options.message}"`;
  if (options.parameterRequestList) return options.parameterRequestList.map((c) => `${c} (${optionName(c)})`).join(', ');
  if (options.clientId) {
    const id = options.clientId;
    return id[0] === HTYPE_ETHERNET && id.length === 7 ? `Ethernet ${macFromBytes(id, 1)}` : `type ${id[0]}, ${id.length - 1} bytes`;
  }
  return `${data.length} bytes`;
}
