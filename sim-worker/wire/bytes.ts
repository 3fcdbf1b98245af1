/**
 * Room for the bytes of frames and packets. The engine makes several new
 * byte arrays for every frame it sends (the ICMP message, the IPv4 packet,
 * the Ethernet frame), and each `new Uint8Array` of more than a few dozen
 * bytes costs a buffer of its own outside the JavaScript heap, which is slow
 * to make and slower to collect. Small arrays are carved instead, zeroed,
 * from a shared slab, as a kernel carves packet buffers from a slab cache.
 *
 * A carved array is an ordinary Uint8Array over part of a larger buffer:
 * code that needs its buffer must mind `byteOffset` (or copy it).
 */

/**
 * Room for several hundred small frames: in Chromium a new buffer costs
 * microseconds, so a small slab's would cost every frame about 100 ns.
 * A slab lives as long as any frame carved from it: nothing but the trace's
 * bounded window keeps frames for long (a switch remembers recent frames by
 * their first bytes, not by reference).
 */
const SLAB_BYTES = 65_536;
/** Larger arrays get a buffer of their own. */
const CARVED_MAX = 1024;

let slab = new Uint8Array(SLAB_BYTES);
let used = 0;

/** `length` zero bytes, for a frame or packet to be written into. */
export function newBytes(length: number): Uint8Array {
  if (length > CARVED_MAX) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  const bytes = slab.subarray(used, used + length);
  used += length;
  return bytes;
}

/** A copy of `bytes` that can be changed without changing them. */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = newBytes(bytes.length);
  copy.set(bytes);
  return copy;
}

/** Writes a whole number below 2^53 as 8 bytes, least significant first, without a DataView, which would see the whole slab a carved array shares (see `newBytes`). */
export function writeUint64Le(bytes: Uint8Array, offset: number, value: number): void {
  for (let i = 0; i < 8; i++) {
    bytes[offset + i] = value % 256;
    value = Math.floor(value / 256);
  }
}

/** A big-endian (network order) 16-bit field. */
export function read16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

/** A big-endian (network order) 32-bit field, unsigned. */
export function read32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

export function write32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}
