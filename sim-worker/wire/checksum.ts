/**
 * The Internet checksum (RFC 1071) used by IPv4, ICMP, UDP and TCP: the
 * one's-complement of the one's-complement sum of the data as 16-bit
 * big-endian words.
 */
import { hex4 } from './hex';

/**
 * One's-complement sum of the bytes as 16-bit words, folded to 16 bits.
 * An odd trailing byte counts as the high byte of a word padded with zero
 * (RFC 1071 §4.1). `initial` is a partial sum to continue from, e.g. the
 * UDP/TCP pseudo-header (see `ipv4PseudoHeaderSum`).
 */
export function onesComplementSum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  let sum = initial;
  const end = offset + length;
  const evenEnd = offset + (length & ~1);
  // A JS number holds 2^53 exactly, so folding once at the end is enough
  // for any buffer this engine will ever see (RFC 1071 §2(B): deferred carries).
  for (let i = offset; i < evenEnd; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (evenEnd < end) sum += bytes[evenEnd] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/**
 * The 16-bit value to write in a header's checksum field, computed with
 * that field set to zero. Over a buffer that already holds a correct
 * checksum the result is 0.
 */
export function internetChecksum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  return ~onesComplementSum(bytes, offset, length, initial) & 0xffff;
}

/** True when the bytes, checksum field included, sum to all ones (RFC 1071 §1). */
export function checksumValid(bytes: Uint8Array, offset: number, length: number, initial = 0): boolean {
  return internetChecksum(bytes, offset, length, initial) === 0;
}

/** The checksum as Wireshark writes it, e.g. "0xb861". */
export function formatChecksum(value: number): string {
  return `0x${hex4(value)}`;
}

/**
 * A checksum patched for 16-bit words that changed, without summing the data
 * again (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')), as NAT and routers do.
 * `before` and `after` are the changed words, in pairs: an IPv4 address is two.
 */
export function patchChecksum(checksum: number, before: readonly number[], after: readonly number[]): number {
  let sum = ~checksum & 0xffff;
  for (const word of before) sum += ~word & 0xffff;
  for (const word of after) sum += word & 0xffff;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An IPv4 address as the two 16-bit words a checksum sees. */
export function addressWords(address: number): [number, number] {
  return [address >>> 16, address & 0xffff];
}
