/**
 * MAC and IPv4 addresses: parsing, formatting and subnet arithmetic.
 * Inside the engine an IPv4 address is an unsigned 32-bit number and a MAC
 * is its lower-case colon string, which is also how the document writes it.
 */
import type { Parsed } from './fields';

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC = '00:00:00:00:00:00';

const MAC_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function isMac(text: string): boolean {
  return MAC_PATTERN.test(text);
}

/** Accepts colon, dash or no separators in either case; returns the canonical form. */
export function parseMac(text: string): Parsed<string> {
  const hex = text.trim().toLowerCase().replace(/[:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) {
    return { ok: false, error: `"${text}" is not a MAC address: write six pairs of hex digits, like 02:00:00:00:00:0a` };
  }
  const mac = hex.match(/../g)!.join(':');
  return { ok: true, value: mac };
}

export function macToBytes(mac: string, into: Uint8Array, offset: number): void {
  for (let i = 0; i < 6; i++) into[offset + i] = (hexDigit(mac.charCodeAt(i * 3)) << 4) | hexDigit(mac.charCodeAt(i * 3 + 1));
}

/** The value of one hex digit's character code (either case); 0 for anything else. Reads without making substrings: it runs for every frame sent. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Addresses are read and written far more often than there are different
 * ones: the last text made is remembered per slot (direct-mapped by the
 * address's low bits), so each is formatted once while it stays in use.
 */
const TEXT_CACHE_SIZE = 4096;
const macKeys = new Float64Array(TEXT_CACHE_SIZE).fill(NaN);
const macTexts: string[] = new Array<string>(TEXT_CACHE_SIZE).fill('');
const ipv4Keys = new Float64Array(TEXT_CACHE_SIZE).fill(NaN);
const ipv4Texts: string[] = new Array<string>(TEXT_CACHE_SIZE).fill('');

export function macFromBytes(bytes: Uint8Array, offset: number): string {
  const high = (bytes[offset] << 8) | bytes[offset + 1];
  const low = ((bytes[offset + 2] << 24) | (bytes[offset + 3] << 16) | (bytes[offset + 4] << 8) | bytes[offset + 5]) >>> 0;
  const key = high * 2 ** 32 + low;
  const slot = (low ^ (high << 4)) & (TEXT_CACHE_SIZE - 1);
  if (macKeys[slot] === key) return macTexts[slot];
  const text = `${HEX[bytes[offset]]}:${HEX[bytes[offset + 1]]}:${HEX[bytes[offset + 2]]}:${HEX[bytes[offset + 3]]}:${HEX[bytes[offset + 4]]}:${HEX[bytes[offset + 5]]}`;
  macKeys[slot] = key;
  macTexts[slot] = text;
  return text;
}

/** Group bit set: broadcast or multicast (IEEE 802, first octet bit 0). */
export function isGroupMac(mac: string): boolean {
  return (hexDigit(mac.charCodeAt(1)) & 1) === 1;
}

export function formatIpv4(address: number): string {
  const slot = (address ^ (address >>> 12)) & (TEXT_CACHE_SIZE - 1);
  if (ipv4Keys[slot] === address) return ipv4Texts[slot];
  const text = `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
  ipv4Keys[slot] = address;
  ipv4Texts[slot] = text;
  return text;
}

export function parseIpv4(text: string): Parsed<number> {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return { ok: false, error: `"${text}" is not an IPv4 address: write four numbers from 0 to 255, like 192.168.1.10` };
  }
  return { ok: true, value: parts.reduce((acc, p) => acc * 256 + Number(p), 0) >>> 0 };
}

export function ipv4FromBytes(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

export function ipv4ToBytes(address: number, into: Uint8Array, offset: number): void {
  into[offset] = address >>> 24;
  into[offset + 1] = (address >>> 16) & 255;
  into[offset + 2] = (address >>> 8) & 255;
  into[offset + 3] = address & 255;
}

export interface Ipv4Cidr {
  address: number;
  prefix: number;
}

/** "192.168.1.10/24" → address and prefix length. */
export function parseCidr(text: string): Parsed<Ipv4Cidr> {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (prefixText === undefined || extra !== undefined) {
    return { ok: false, error: `"${text}" needs an address and a prefix length, like 192.168.1.10/24` };
  }
  const address = parseIpv4(addressText);
  if (!address.ok) return address;
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return { ok: false, error: `"/${prefixText}" is not a prefix length: use a number from 0 to 32, like /24` };
  }
  return { ok: true, value: { address: address.value, prefix: Number(prefixText) } };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.address)}/${cidr.prefix}`;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The prefix length of a netmask like 255.255.255.0, or undefined when its ones are not contiguous. */
export function prefixOfMask(mask: number): number | undefined {
  const prefix = 32 - Math.log2((~mask >>> 0) + 1);
  return Number.isInteger(prefix) && prefixMask(prefix) === mask >>> 0 ? prefix : undefined;
}

export function networkOf(cidr: Ipv4Cidr): number {
  return (cidr.address & prefixMask(cidr.prefix)) >>> 0;
}

export function broadcastOf(cidr: Ipv4Cidr): number {
  return (networkOf(cidr) | ~prefixMask(cidr.prefix)) >>> 0;
}

export function inSubnet(address: number, cidr: Ipv4Cidr): boolean {
  return ((address & prefixMask(cidr.prefix)) >>> 0) === networkOf(cidr);
}

/**
 * Why an interface address cannot be used on a host, or undefined when it can:
 * the network and broadcast addresses of a subnet are not host addresses (/31 and /32 excepted, RFC 3021).
 */
export function hostAddressProblem(cidr: Ipv4Cidr): string | undefined {
  if (cidr.prefix >= 31) return undefined;
  if (cidr.address === networkOf(cidr)) return `${formatCidr(cidr)} is the network's own address, not a host's: try ${formatIpv4(networkOf(cidr) + 1)}/${cidr.prefix}`;
  if (cidr.address === broadcastOf(cidr)) return `${formatCidr(cidr)} is the broadcast address of its network, not a host's`;
  return undefined;
}
