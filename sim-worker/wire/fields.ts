/**
 * What the OSI view needs from a wire format: every header field with its
 * byte offset and length in the frame, and a value a learner can read.
 */
export interface Field {
  /** Stable key, e.g. "ttl", "dst". */
  name: string;
  /** Learner-facing label, e.g. "Time to live". */
  label: string;
  /** Absolute byte offset in the frame. */
  offset: number;
  /** Length in bytes (fields narrower than a byte share their byte). */
  length: number;
  /** Human-readable value, e.g. "64", "ff:ff:ff:ff:ff:ff", "0x0800 (IPv4)". */
  value: string;
  /** For sub-byte fields: the bit mask within the bytes, e.g. "0xf0". */
  bits?: string;
}

export type OsiLayer = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface DecodedLayer {
  layer: OsiLayer;
  protocol: string;
  /** Where this layer's header starts and how many bytes it (header + payload) spans. */
  offset: number;
  length: number;
  fields: Field[];
  /** One line: "Echo (ping) request id=0x1 seq=1". */
  summary: string;
  /** Set when the bytes are not valid for this protocol, e.g. a bad checksum. */
  problem?: string;
}

/** Parsing result as a value: a device or the UI decides what a bad frame means. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
