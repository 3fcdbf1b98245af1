/**
 * Ethernet II frames (DIX / IEEE 802.3 with an EtherType):
 * destination MAC (6), source MAC (6), EtherType (2), payload.
 * Frames here never carry the 4-byte FCS, just as captures do not.
 */
import { BROADCAST_MAC, isGroupMac, macFromBytes, macToBytes } from './address';
import { newBytes } from './bytes';
import type { DecodedLayer, Field, Parsed } from './fields';
import { hex4 } from './hex';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERNET_HEADER_LENGTH = 14;
/** 64 bytes on the wire minus the 4-byte FCS (IEEE 802.3 §4.2.3.3): shorter frames are padded. */
export const ETHERNET_MIN_FRAME = 60;

export interface EthernetFrame {
  dst: string;
  src: string;
  etherType: number;
  /** The rest of the frame, including any padding; the layer above knows its own length. */
  payload: Uint8Array;
}

const ETHERTYPE_NAMES: Record<number, string> = {
  [ETHERTYPE_IPV4]: 'IPv4',
  [ETHERTYPE_ARP]: 'ARP',
  [ETHERTYPE_VLAN]: '802.1Q VLAN tag',
  [ETHERTYPE_IPV6]: 'IPv6',
  0x8809: 'Slow protocols (LACP)',
  0x88cc: 'LLDP',
};

export function etherTypeName(type: number): string {
  // Values up to 1500 are an IEEE 802.3 length, not a type (IEEE 802.3 §3.2.6).
  if (type <= 1500) return 'IEEE 802.3 length';
  return ETHERTYPE_NAMES[type] ?? 'Unknown';
}

export function formatEtherType(type: number): string {
  return `0x${hex4(type)} (${etherTypeName(type)})`;
}

export function encodeEthernet(frame: EthernetFrame): Uint8Array {
  const bytes = newFrame(frame.payload.length);
  writeEthernetHeader(bytes, frame.dst, frame.src, frame.etherType);
  bytes.set(frame.payload, ETHERNET_HEADER_LENGTH);
  return bytes;
}

/**
 * Zero bytes for a frame whose payload is `payloadLength` bytes, padded to the
 * minimum: the layers inside are written straight into it from offset 14, and
 * the header once the next hop's MAC is known (`writeEthernetHeader`), so
 * nothing is built twice and copied.
 */
export function newFrame(payloadLength: number): Uint8Array {
  return newBytes(Math.max(ETHERNET_MIN_FRAME, ETHERNET_HEADER_LENGTH + payloadLength));
}

export function writeEthernetHeader(frame: Uint8Array, dst: string, src: string, etherType: number): void {
  macToBytes(dst, frame, 0);
  macToBytes(src, frame, 6);
  frame[12] = etherType >>> 8;
  frame[13] = etherType & 0xff;
}

export function parseEthernet(bytes: Uint8Array): Parsed<EthernetFrame> {
  const problem = ethernetProblem(bytes);
  if (problem !== undefined) return { ok: false, error: problem };
  return {
    ok: true,
    value: {
      dst: macFromBytes(bytes, 0),
      src: macFromBytes(bytes, 6),
      etherType: (bytes[12] << 8) | bytes[13],
      payload: bytes.subarray(ETHERNET_HEADER_LENGTH),
    },
  };
}

/** What makes `bytes` no Ethernet frame, if anything: the header's fields can then be read in place. */
export function ethernetProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < ETHERNET_HEADER_LENGTH) return `An Ethernet frame starts with a 14-byte header, but this one is only ${bytes.length} bytes long`;
  return undefined;
}

/** "ff:ff:ff:ff:ff:ff (broadcast)", "01:00:5e:00:00:01 (multicast)" or the plain MAC. */
export function formatDestinationMac(mac: string): string {
  if (mac === BROADCAST_MAC) return `${mac} (broadcast)`;
  if (isGroupMac(mac)) return `${mac} (multicast)`;
  return mac;
}

/**
 * The Ethernet header's fields. The layer spans the whole frame; `describeFrame`
 * adds the padding field once it knows where the packet inside ends.
 */
export function describeEthernet(bytes: Uint8Array): DecodedLayer {
  const layer: DecodedLayer = { layer: 2, protocol: 'Ethernet II', offset: 0, length: bytes.length, fields: [], summary: '' };
  if (bytes.length < ETHERNET_HEADER_LENGTH) {
    layer.summary = `Truncated frame (${bytes.length} bytes)`;
    layer.problem = `An Ethernet header needs 14 bytes but the frame has only ${bytes.length}`;
    if (bytes.length > 0) layer.fields.push({ name: 'truncated', label: 'Truncated header', offset: 0, length: bytes.length, value: `${bytes.length} bytes` });
    return layer;
  }
  const dst = macFromBytes(bytes, 0);
  const src = macFromBytes(bytes, 6);
  const etherType = (bytes[12] << 8) | bytes[13];
  const fields: Field[] = [
    { name: 'dst', label: 'Destination', offset: 0, length: 6, value: formatDestinationMac(dst) },
    { name: 'src', label: 'Source', offset: 6, length: 6, value: src },
    { name: 'type', label: 'Type', offset: 12, length: 2, value: formatEtherType(etherType) },
  ];
  layer.fields = fields;
  layer.summary = `Src: ${src}, Dst: ${dst}`;
  // A source address always names one station (IEEE 802: the I/G bit is 0), so a group bit here means a corrupt frame.
  if (isGroupMac(src)) layer.problem = `The source MAC ${src} is a group (multicast/broadcast) address; a frame always comes from one interface`;
  return layer;
}
