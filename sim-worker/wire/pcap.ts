/**
 * Classic libpcap capture files, which Wireshark and tshark open directly.
 * Layout: a 24-byte file header, then per packet a 16-byte record header
 * and the frame bytes. Written little-endian; readers detect the byte order
 * from the magic number.
 */

export interface CaptureRecord {
  /** Simulated time in nanoseconds. */
  t: number;
  bytes: Uint8Array;
}

/** The magic for nanosecond timestamps (0xa1b2c3d4 would mean microseconds). */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
export const PCAP_SNAPLEN = 65535;
/** LINKTYPE_ETHERNET: frames start with the Ethernet header, no FCS. */
export const LINKTYPE_ETHERNET = 1;
const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;

export function writePcap(records: CaptureRecord[]): Uint8Array {
  const captured = records.map((r) => Math.min(r.bytes.length, PCAP_SNAPLEN));
  const size = captured.reduce((sum, n) => sum + RECORD_HEADER_LENGTH + n, FILE_HEADER_LENGTH);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, PCAP_MAGIC_NANOSECONDS, true);
  view.setUint16(4, 2, true); // version 2.4
  view.setUint16(6, 4, true);
  // Bytes 8–15: time zone offset and timestamp accuracy, both always 0.
  view.setUint32(16, PCAP_SNAPLEN, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  let at = FILE_HEADER_LENGTH;
  records.forEach((record, i) => {
    const t = Math.max(0, Math.floor(record.t));
    view.setUint32(at, Math.floor(t / 1e9), true);
    view.setUint32(at + 4, t % 1e9, true);
    view.setUint32(at + 8, captured[i], true); // bytes saved
    view.setUint32(at + 12, record.bytes.length, true); // bytes that were on the wire
    out.set(record.bytes.subarray(0, captured[i]), at + RECORD_HEADER_LENGTH);
    at += RECORD_HEADER_LENGTH + captured[i];
  });
  return out;
}
