import type { DeviceKind, NetworkDocument, Position } from '../../sim-worker/document/schema';
import { addDevice, type Edit } from '../../sim-worker/document/edits';
import { addServer, type ServerPreset } from '../../sim-worker/document/services-edits';

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
export const PALETTE_KINDS: readonly DeviceKind[] = ['computer', 'server', 'switch', 'hub', 'router', 'home-router', 'isp', 'vm'];

/**
 * One palette button: a device kind, or a server with a preset's services
 * ("DNS server", "Web server"). `id` names it in drags and in the DOM.
 */
export interface PaletteItem {
  id: string;
  kind: DeviceKind;
  preset?: Exclude<ServerPreset, 'server'>;
  label: string;
  description: string;
}

const PRESET_ITEMS: readonly PaletteItem[] = [
  { id: 'dns-server', kind: 'server', preset: 'dns-server', label: 'DNS server', description: 'A server answering for a zone of names on port 53' },
  { id: 'web-server', kind: 'server', preset: 'web-server', label: 'Web server', description: 'A server with a web site on ports 80 and 443' },
];

/** Every palette button, in order: each kind, with the server presets right after the plain server. */
export const PALETTE_ITEMS: readonly PaletteItem[] = PALETTE_KINDS.flatMap((kind) => {
  const item: PaletteItem = { id: kind, kind, ...DEVICE_KIND_INFO[kind] };
  return kind === 'server' ? [item, ...PRESET_ITEMS] : [item];
});

export function paletteItem(id: string): PaletteItem | undefined {
  return PALETTE_ITEMS.find((item) => item.id === id);
}

/** Adds the item's device (a VM needs a host computer: callers place it themselves). */
export function addPaletteDevice(doc: NetworkDocument, item: PaletteItem, position?: Position): Edit<{ deviceId: string }> {
  return item.preset ? addServer(doc, item.preset, position) : addDevice(doc, item.kind, position);
}

/** The MIME type a palette item carries (its id) while it is dragged onto the canvas. */
export const DEVICE_DRAG_TYPE = 'application/x-flintnet-device';

/** The buttons the palette offers: while a lesson is open, only those of its palette's kinds (in the palette's order); otherwise all. */
export function offeredItems(lessonPalette: readonly DeviceKind[] | null): readonly PaletteItem[] {
  if (!lessonPalette) return PALETTE_ITEMS;
  return PALETTE_ITEMS.filter((item) => lessonPalette.includes(item.kind));
}
