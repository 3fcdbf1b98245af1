/**
 * The network document: the only saved truth (DESIGN.md, "The document").
 * Engine state is always rebuilt from this plus the actions taken.
 */

export const DOCUMENT_FORMAT = 'flintnet';
export const DOCUMENT_VERSION = 1;

export type DeviceKind = 'computer' | 'switch' | 'hub' | 'router';
export const DEVICE_KINDS: readonly DeviceKind[] = ['computer', 'switch', 'hub', 'router'];

export interface Position {
  x: number;
  y: number;
}

export interface InterfaceDoc {
  /** Unique within its device: eth0, eth1… on computers and routers, p1..pN on switches and hubs. */
  name: string;
  /** Lower-case colon form, "02:00:00:00:00:0a". Required on computers and routers. */
  mac?: string;
  /** Address and prefix, "192.168.1.10/24". Absent means unconfigured. Computers and routers only. */
  ipv4?: string;
  /** Default gateway reached through this interface, "192.168.1.1". Computers only: a router has routes instead. */
  gateway?: string;
}

/**
 * A static route, as `ip route add 10.0.2.0/24 via 10.0.0.2 [dev eth1] [metric 10]`:
 * packets for `destination` go to the router at `via`. On routers and computers.
 */
export interface RouteDoc {
  /** A network address with its prefix, "10.0.2.0/24"; "0.0.0.0/0" is the default route. */
  destination: string;
  /** The next router, on one of this device's own networks. */
  via: string;
  /** The interface to leave by; left out, the one whose network holds `via`. */
  interface?: string;
  /** Among routes with the same prefix length the lowest metric wins; 0 when left out, as with `ip route add`. */
  metric?: number;
}

export interface DeviceDoc {
  id: string;
  kind: DeviceKind;
  /** Hostname, unique in the document ("PC-1", "Switch-1"). */
  name: string;
  position: Position;
  interfaces: InterfaceDoc[];
  /** Static routes, in the order they were added (routers and computers). Left out when there are none. */
  routes?: RouteDoc[];
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
