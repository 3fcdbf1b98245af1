/** Numbers in hex, as Wireshark and the Linux tools print ids, flags and checksums. */

/** A 16-bit value as four hex digits, leading zeros kept: 0x1c2a → "1c2a", 7 → "0007". */
export function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}
