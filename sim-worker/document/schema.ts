/**
 * The network document: the only saved truth (DESIGN.md, "The document").
 * Engine state is always rebuilt from this plus the actions taken.
 */

export const DOCUMENT_FORMAT = 'flintnet';
export const DOCUMENT_VERSION = 1;

export type DeviceKind = 'computer' | 'switch' | 'hub';
export const DEVICE_KINDS: readonly DeviceKind[] = ['computer', 'switch', 'hub'];

export interface Position {
  x: number;
  y: number;
}

export interface InterfaceDoc {
  /** Unique within its device: eth0 on computers, p1..pN on switches and hubs. */
  name: string;
  /** Lower-case colon form, "02:00:00:00:00:0a". Required on computers. */
  mac?: string;
  /** Address and prefix, "192.168.1.10/24". Absent means unconfigured. */
  ipv4?: string;
  /** Default gateway reached through this interface, "192.168.1.1". */
  gateway?: string;
}

export interface DeviceDoc {
  id: string;
  kind: DeviceKind;
  /** Hostname, unique in the document ("PC-1", "Switch-1"). */
  name: string;
  position: Position;
  interfaces: InterfaceDoc[];
}

export interface LinkEnd {
  device: string;
  interface: string;
}

export type LinkMedium = 'copper';

export interface LinkDoc {
  id: string;
  a: LinkEnd;
  b: LinkEnd;
  medium: LinkMedium;
  bandwidthBps: number;
  delayNs: number;
}

export interface NetworkDocument {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  devices: DeviceDoc[];
  links: LinkDoc[];
}

export const COPPER_DEFAULTS = { medium: 'copper', bandwidthBps: 1_000_000_000, delayNs: 1_000 } as const;

export function emptyDocument(): NetworkDocument {
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, devices: [], links: [] };
}
