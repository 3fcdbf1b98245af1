/**
 * IPv6 addresses (RFC 4291): parsing with "::", the RFC 5952 text form,
 * prefixes, and the addresses an interface makes for itself from its MAC.
 * Inside the engine an IPv6 address is a 128-bit bigint.
 */
import { formatIpv4, parseIpv4 } from './address';
import type { Parsed } from './fields';

export interface Ipv6Cidr {
  address: bigint;
  prefix: number;
}

const ALL_ONES = (1n << 128n) - 1n;
export const UNSPECIFIED_IPV6 = 0n;
/** ff02::1, every node on the link (RFC 4291 §2.7.1). */
export const ALL_NODES = (0xff02n << 112n) | 1n;
/** ff02::2, every router on the link. */
export const ALL_ROUTERS = (0xff02n << 112n) | 2n;
const LINK_LOCAL_PREFIX = 0xfe80n << 112n;
const SOLICITED_NODE_PREFIX = (0xff02n << 112n) | (1n << 32n) | (0xffn << 24n);

const MISTAKE = 'write eight groups of up to four hex digits separated by colons, "::" once for a run of zero groups, like 2001:db8:1::10';

export function parseIpv6(text: string): Parsed<bigint> {
  const trimmed = text.trim().toLowerCase();
  const bad = (why: string): Parsed<bigint> => ({ ok: false, error: `"${text}" is not an IPv6 address: ${why}` });
  const halves = trimmed.split('::');
  if (halves.length > 2) return bad('"::" may appear only once');
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      // An IPv4 dotted quad may end the address (RFC 4291 §2.2, form 3).
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4.ok) return undefined;
        groups.push(v4.value >>> 16, v4.value & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16));
      else return undefined;
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return bad(MISTAKE);
  const count = head.length + tail.length;
  if (halves.length === 1 && count !== 8) return bad(`it has ${count} groups, not 8; ${MISTAKE}`);
  if (halves.length === 2 && count > 7) return bad(`"::" stands for at least one zero group, but there are already ${count} others`);
  const groups = [...head, ...Array<number>(8 - count).fill(0), ...tail];
  return { ok: true, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n) };
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero groups (the first of equals) as "::". */
export function formatIpv6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952 §5: an IPv4-mapped address ends in dotted decimal.
  if (address >> 32n === 0xffffn) return `::ffff:${formatIpv4(Number(address & 0xffffffffn))}`;
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

export function ipv6FromBytes(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

export function ipv6ToBytes(address: bigint, into: Uint8Array, offset: number): void {
  for (let i = 15, rest = address; i >= 0; i--, rest >>= 8n) into[offset + i] = Number(rest & 0xffn);
}

/** "2001:db8:1::10/64" → address and prefix length. */
export function parseCidr6(text: string): Parsed<Ipv6Cidr> {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (prefixText === undefined || extra !== undefined) return { ok: false, error: `"${text}" needs an address and a prefix length, like 2001:db8:1::10/64` };
  const address = parseIpv6(addressText);
  if (!address.ok) return address;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > 128) return { ok: false, error: `"/${prefixText}" is not an IPv6 prefix length: use a number from 0 to 128, like /64` };
  return { ok: true, value: { address: address.value, prefix: Number(prefixText) } };
}

export function formatCidr6(cidr: Ipv6Cidr): string {
  return `${formatIpv6(cidr.address)}/${cidr.prefix}`;
}

export function prefixMask6(prefix: number): bigint {
  return prefix === 0 ? 0n : (ALL_ONES << BigInt(128 - prefix)) & ALL_ONES;
}

export function networkOf6(cidr: Ipv6Cidr): bigint {
  return cidr.address & prefixMask6(cidr.prefix);
}

export function inSubnet6(address: bigint, cidr: Ipv6Cidr): boolean {
  return (address & prefixMask6(cidr.prefix)) === networkOf6(cidr);
}

/** The network of a prefix, host bits zero, as text: "2001:db8:1::/64". */
export function subnetText6(cidr: Ipv6Cidr): string {
  return formatCidr6({ address: networkOf6(cidr), prefix: cidr.prefix });
}

export function isMulticast6(address: bigint): boolean {
  return address >> 120n === 0xffn;
}

/** fe80::/10 (RFC 4291 §2.5.6). */
export function isLinkLocal6(address: bigint): boolean {
  return address >> 118n === 0xfe80n >> 6n;
}

/**
 * The modified EUI-64 interface id of a MAC (RFC 4291 Appendix A): ff:fe in
 * the middle, and the universal/local bit (0x02 of the first byte) flipped.
 */
export function interfaceIdFromMac(mac: string): bigint {
  const b = mac.split(':').map((h) => BigInt(parseInt(h, 16)));
  const bytes = [b[0] ^ 2n, b[1], b[2], 0xffn, 0xfen, b[3], b[4], b[5]];
  return bytes.reduce((acc, x) => (acc << 8n) | x, 0n);
}

/** fe80::/64 plus the interface id: every IPv6 interface has one (RFC 4862 §5.3). */
export function linkLocalFromMac(mac: string): bigint {
  return LINK_LOCAL_PREFIX | interfaceIdFromMac(mac);
}

/** A /64 prefix plus the interface id of the MAC: a SLAAC address (RFC 4862 §5.5.3). */
export function slaacAddress(prefix: bigint, mac: string): bigint {
  return (prefix & prefixMask6(64)) | interfaceIdFromMac(mac);
}

/** ff02::1:ffXX:XXXX with the address's last 24 bits (RFC 4291 §2.7.1): where neighbour solicitations for it go. */
export function solicitedNodeAddress(address: bigint): bigint {
  return SOLICITED_NODE_PREFIX | (address & 0xffffffn);
}

/** 33:33 and the group's last 32 bits (RFC 2464 §7): the MAC a multicast packet is framed to. */
export function multicastMac(group: bigint): string {
  const tail = Array.from({ length: 4 }, (_, i) => Number((group >> BigInt(24 - 8 * i)) & 0xffn).toString(16).padStart(2, '0'));
  return `33:33:${tail.join(':')}`;
}

/** An address of either version: text with a colon is IPv6 (a bigint), anything else IPv4 (a number). */
export function parseIpAddress(text: string): Parsed<number | bigint> {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** The text form of an address of either version, as `parseIpAddress` reads it. */
export function formatIpAddress(address: number | bigint): string {
  return typeof address === 'bigint' ? formatIpv6(address) : formatIpv4(address);
}
