/**
 * The campus scenario: L LANs, each one switch with H computers, joined by
 * one core router with an interface into each LAN's switch. Every computer
 * pings computer (h+1 mod H) of LAN (l+1 mod L), so every echo crosses the
 * router (unless there is one LAN).
 */
import type { Action } from '../api';
import { COPPER_DEFAULTS, DOCUMENT_FORMAT, DOCUMENT_VERSION, type DeviceDoc, type LinkDoc, type NetworkDocument } from '../document/schema';
import { type Scenario, macAddress } from './scenario';

export interface CampusOptions {
  lans: number;
  hosts: number;
  count: number;
}

/** A /24 per LAN: the router is .1, computers .2 up, so at most 253 computers a LAN. */
export const CAMPUS_MAX_HOSTS = 253;
/** 10.a.b.0/24 for LAN a·256+b. */
export const CAMPUS_MAX_LANS = 65_536;

/** Written straight as a document: the edit functions check every name and address, which is quadratic at this size. */
export function campus({ lans, hosts, count }: CampusOptions): Scenario {
  if (hosts > CAMPUS_MAX_HOSTS) throw new Error(`--hosts can be at most ${CAMPUS_MAX_HOSTS}: each LAN is one /24 with the router on .1`);
  if (lans > CAMPUS_MAX_LANS) throw new Error(`--lans can be at most ${CAMPUS_MAX_LANS}`);
  const devices: DeviceDoc[] = [];
  const links: LinkDoc[] = [];
  const cable = (a: string, ai: string, b: string, bi: string) =>
    links.push({ id: `l${links.length + 1}`, a: { device: a, interface: ai }, b: { device: b, interface: bi }, ...COPPER_DEFAULTS });
  const lanPrefix = (l: number) => `10.${l >> 8}.${l & 255}`;
  const computer = (l: number, h: number) => `pc-${l + 1}-${h + 1}`;
  let macs = 0;

  devices.push({
    id: 'core', kind: 'router', name: 'Core', position: { x: (lans * 200) / 2, y: 0 },
    interfaces: Array.from({ length: lans }, (_, l) => ({ name: `eth${l}`, mac: macAddress(macs++), ipv4: `${lanPrefix(l)}.1/24` })),
  });
  for (let l = 0; l < lans; l++) {
    const sw = `switch-${l + 1}`;
    devices.push({
      id: sw, kind: 'switch', name: `Switch-${l + 1}`, position: { x: l * 200, y: 200 },
      interfaces: Array.from({ length: hosts + 1 }, (_, i) => ({ name: `p${i + 1}` })),
    });
    cable('core', `eth${l}`, sw, `p${hosts + 1}`);
    for (let h = 0; h < hosts; h++) {
      const id = computer(l, h);
      devices.push({
        id, kind: 'computer', name: `PC-${l + 1}-${h + 1}`, position: { x: l * 200, y: 400 + h * 40 },
        interfaces: [{ name: 'eth0', mac: macAddress(macs++), ipv4: `${lanPrefix(l)}.${h + 2}/24`, gateway: `${lanPrefix(l)}.1` }],
      });
      cable(id, 'eth0', sw, `p${h + 1}`);
    }
  }
  const pings: Action[] = [];
  for (let l = 0; l < lans; l++) {
    for (let h = 0; h < hosts; h++) {
      const target = `${lanPrefix((l + 1) % lans)}.${((h + 1) % hosts) + 2}`;
      pings.push({ kind: 'ping', device: computer(l, h), target, count, intervalMs: 1, size: 64 });
    }
  }
  return {
    title: `campus: ${lans} LANs × ${hosts} computers, one core router, ${count} pings each`,
    doc: { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, devices, links } satisfies NetworkDocument,
    actions: pings,
    expectedReplies: lans * hosts * count,
  };
}
