/**
 * ARP for IPv4 over Ethernet (RFC 826): 28 bytes after the Ethernet header.
 * hardware type (2) = 1, protocol type (2) = 0x0800, hardware size (1) = 6,
 * protocol size (1) = 4, opcode (2), sender MAC (6), sender IP (4),
 * target MAC (6), target IP (4).
 */
import { formatIpv4, ipv4FromBytes, ipv4ToBytes, macFromBytes, macToBytes, ZERO_MAC } from './address';
import { ETHERTYPE_IPV4, formatEtherType } from './ethernet';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
export const ARP_LENGTH = 28;
const HARDWARE_ETHERNET = 1;

export interface ArpPacket {
  op: number;
  senderMac: string;
  senderIp: number;
  targetMac: string;
  targetIp: number;
}

export function encodeArp(p: ArpPacket): Uint8Array {
  const bytes = new Uint8Array(ARP_LENGTH);
  bytes[1] = HARDWARE_ETHERNET;
  bytes[2] = ETHERTYPE_IPV4 >>> 8;
  bytes[4] = 6;
  bytes[5] = 4;
  bytes[6] = p.op >>> 8;
  bytes[7] = p.op & 0xff;
  macToBytes(p.senderMac, bytes, 8);
  ipv4ToBytes(p.senderIp, bytes, 14);
  macToBytes(p.targetMac, bytes, 18);
  ipv4ToBytes(p.targetIp, bytes, 24);
  return bytes;
}

/** The ARP packet at `at` of `bytes` (the Ethernet payload, read in place); bytes after its 28 (Ethernet padding) are ignored. */
export function parseArp(bytes: Uint8Array, at = 0): Parsed<ArpPacket> {
  const available = bytes.length - at;
  if (available < ARP_LENGTH) {
    return { ok: false, error: `An ARP packet for IPv4 over Ethernet is 28 bytes, but only ${available} arrived` };
  }
  const problem = headerProblem(bytes, at);
  if (problem !== undefined) return { ok: false, error: problem };
  return {
    ok: true,
    value: {
      op: (bytes[at + 6] << 8) | bytes[at + 7],
      senderMac: macFromBytes(bytes, at + 8),
      senderIp: ipv4FromBytes(bytes, at + 14),
      targetMac: macFromBytes(bytes, at + 18),
      targetIp: ipv4FromBytes(bytes, at + 24),
    },
  };
}

/** ARP can resolve any protocol on any hardware (RFC 826); Flintnet only speaks IPv4 over Ethernet. */
function headerProblem(bytes: Uint8Array, at: number): string | undefined {
  const hardware = (bytes[at] << 8) | bytes[at + 1];
  const protocol = (bytes[at + 2] << 8) | bytes[at + 3];
  if (hardware !== HARDWARE_ETHERNET) return `ARP hardware type ${hardware} is not Ethernet (1), so this ARP packet cannot be for an Ethernet interface`;
  if (protocol !== ETHERTYPE_IPV4) return `ARP protocol type 0x${hex4(protocol)} is not IPv4 (0x0800), so there is no IPv4 address to resolve`;
  if (bytes[at + 4] !== 6 || bytes[at + 5] !== 4) {
    return `ARP for IPv4 over Ethernet has 6-byte MACs and 4-byte IP addresses, but this packet says ${bytes[at + 4]} and ${bytes[at + 5]}`;
  }
  return undefined;
}

function opProblem(op: number): string | undefined {
  return op === ARP_REQUEST || op === ARP_REPLY ? undefined : `ARP opcode ${op} is neither a request (1) nor a reply (2)`;
}

export function arpOpName(op: number): string {
  if (op === ARP_REQUEST) return 'request';
  if (op === ARP_REPLY) return 'reply';
  return 'unknown';
}

/** The Info line as Wireshark writes it, including its names for gratuitous ARP and RFC 5227 probes. */
export function arpSummary(p: ArpPacket): string {
  const sender = formatIpv4(p.senderIp);
  const target = formatIpv4(p.targetIp);
  if (p.op === ARP_REQUEST) {
    if (p.senderIp === 0) return `Who has ${target}? (ARP Probe)`;
    if (p.senderIp === p.targetIp) return p.targetMac === ZERO_MAC ? `ARP Announcement for ${sender}` : `Gratuitous ARP for ${sender} (Request)`;
    return `Who has ${target}? Tell ${sender}`;
  }
  if (p.op === ARP_REPLY) {
    if (p.senderIp === p.targetIp) return `Gratuitous ARP for ${sender} (Reply)`;
    return `${sender} is at ${p.senderMac}`;
  }
  return `Unknown ARP opcode ${p.op}`;
}

/** `bytes` is the whole frame and `offset` where ARP starts (14 after Ethernet). */
export function describeArp(bytes: Uint8Array, offset: number): DecodedLayer {
  const available = Math.max(0, bytes.length - offset);
  // A short packet is zero-extended so the fields that did arrive still decode; the others are dropped below.
  const view = available >= ARP_LENGTH ? bytes : new Uint8Array(offset + ARP_LENGTH);
  if (view !== bytes) view.set(bytes.subarray(0, offset + available));
  const o = offset;
  const hardware = (view[o] << 8) | view[o + 1];
  const protocol = (view[o + 2] << 8) | view[o + 3];
  const op = (view[o + 6] << 8) | view[o + 7];
  const fields: Field[] = [
    { name: 'hardware-type', label: 'Hardware type', offset: o, length: 2, value: hardware === HARDWARE_ETHERNET ? 'Ethernet (1)' : `${hardware}` },
    { name: 'protocol-type', label: 'Protocol type', offset: o + 2, length: 2, value: formatEtherType(protocol) },
    { name: 'hardware-size', label: 'Hardware size', offset: o + 4, length: 1, value: `${view[o + 4]}` },
    { name: 'protocol-size', label: 'Protocol size', offset: o + 5, length: 1, value: `${view[o + 5]}` },
    { name: 'op', label: 'Opcode', offset: o + 6, length: 2, value: `${arpOpName(op)} (${op})` },
    { name: 'sender-mac', label: 'Sender MAC address', offset: o + 8, length: 6, value: macFromBytes(view, o + 8) },
    { name: 'sender-ip', label: 'Sender IP address', offset: o + 14, length: 4, value: formatIpv4(ipv4FromBytes(view, o + 14)) },
    { name: 'target-mac', label: 'Target MAC address', offset: o + 18, length: 6, value: macFromBytes(view, o + 18) },
    { name: 'target-ip', label: 'Target IP address', offset: o + 24, length: 4, value: formatIpv4(ipv4FromBytes(view, o + 24)) },
  ];
  // ARP resolves layer 3 addresses to layer 2 ones; it is shown as layer 3 so it sits above Ethernet in the OSI view.
  const layer: DecodedLayer = { layer: 3, protocol: 'ARP', offset, length: Math.min(available, ARP_LENGTH), fields, summary: '' };
  if (available < ARP_LENGTH) {
    layer.fields = fields.filter((f) => f.offset + f.length <= bytes.length);
    layer.summary = `Truncated ARP packet (${available} of 28 bytes)`;
    layer.problem = `An ARP packet for IPv4 over Ethernet is 28 bytes, but only ${available} arrived`;
    return layer;
  }
  const p = parseArp(bytes, offset);
  layer.summary = p.ok ? arpSummary(p.value) : `ARP ${arpOpName(op)}`;
  const problem = p.ok ? opProblem(op) : p.error;
  if (problem !== undefined) layer.problem = problem;
  return layer;
}
