import type { DeviceKind } from '../../sim-worker/document/schema';

/**
 * How the UI presents each device kind. A Record, so a new kind in the schema
 * does not compile until it has a label, a one-line description and a node family.
 */
export interface DeviceKindInfo {
  /** The palette button's accessible name: exactly the kind in the learner's words. */
  label: string;
  /** What the device does, in one line, shown under the label. */
  description: string;
  /** Which canvas node component draws it (see canvas/node-types.ts). */
  family: 'host' | 'relay';
}

export const DEVICE_KIND_INFO: Record<DeviceKind, DeviceKindInfo> = {
  computer: { label: 'Computer', description: 'An end host with one network card', family: 'host' },
  switch: { label: 'Switch', description: 'Learns MAC addresses, forwards frames to one port', family: 'relay' },
  hub: { label: 'Hub', description: 'Repeats every frame out of every other port', family: 'relay' },
  router: { label: 'Router', description: 'Joins networks, forwards packets by its routes', family: 'relay' },
  'home-router': { label: 'Home router', description: 'One box: a router with NAT, a switch and a DHCP server', family: 'relay' },
  isp: { label: 'ISP', description: 'A provider’s router: hands its customers public addresses', family: 'relay' },
  vm: { label: 'VM', description: 'A virtual machine: drop it onto a computer', family: 'host' },
  server: { label: 'Server', description: 'A computer that runs services: web, DNS…', family: 'host' },
};

/** What the palette offers, in this order: hosts, then what joins them, then what joins networks. */
export const PALETTE_KINDS: readonly DeviceKind[] = ['computer', 'switch', 'hub', 'router', 'home-router', 'isp', 'vm'];

/** The MIME type a palette item carries while it is dragged onto the canvas. */
export const DEVICE_DRAG_TYPE = 'application/x-flintnet-device';

/** The kinds the palette offers: while a lesson is open, only its palette's kinds (in the palette's order); otherwise all. */
export function offeredKinds(lessonPalette: readonly DeviceKind[] | null): readonly DeviceKind[] {
  if (!lessonPalette) return PALETTE_KINDS;
  return PALETTE_KINDS.filter((kind) => lessonPalette.includes(kind));
}
