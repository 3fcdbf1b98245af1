/**
 * The switch-tree scenario: one root switch, L leaf switches, H computers on
 * each leaf, one /16; every computer pings a computer on the next leaf. Pure
 * layer 2: most transmissions are the flooded ARP broadcasts.
 */
import type { Action } from '../api';
import { COPPER_DEFAULTS, DOCUMENT_FORMAT, DOCUMENT_VERSION, type DeviceDoc, type LinkDoc } from '../document/schema';
import { type Scenario, macAddress } from './scenario';

export interface SwitchTreeOptions {
  leaves: number;
  hosts: number;
  count: number;
}

/** Written straight as a document: the edit functions check every name and address, which is quadratic at this size. */
export function switchTree({ leaves, hosts, count }: SwitchTreeOptions): Scenario {
  const total = leaves * hosts;
  if (total > 65_000) throw new Error('a switch tree holds at most 65,000 computers: they share one /16');
  const devices: DeviceDoc[] = [];
  const links: LinkDoc[] = [];
  const ports = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `p${i + 1}` }));
  const cable = (a: string, ai: string, b: string, bi: string) =>
    links.push({ id: `l${links.length + 1}`, a: { device: a, interface: ai }, b: { device: b, interface: bi }, ...COPPER_DEFAULTS });
  devices.push({ id: 'root', kind: 'switch', name: 'Root', position: { x: 0, y: 0 }, interfaces: ports(leaves) });
  for (let l = 0; l < leaves; l++) {
    const leaf = `leaf-${l + 1}`;
    devices.push({ id: leaf, kind: 'switch', name: `Leaf-${l + 1}`, position: { x: l * 200, y: 200 }, interfaces: ports(hosts + 1) });
    cable('root', `p${l + 1}`, leaf, `p${hosts + 1}`);
    for (let h = 0; h < hosts; h++) {
      const n = l * hosts + h;
      const id = `pc-${n + 1}`;
      devices.push({ id, kind: 'computer', name: `PC-${n + 1}`, position: { x: l * 200, y: 400 + h * 40 }, interfaces: [{ name: 'eth0', mac: macAddress(n), ipv4: `${hostAddress(n)}/16` }] });
      cable(id, 'eth0', leaf, `p${h + 1}`);
    }
  }
  const actions: Action[] = Array.from({ length: total }, (_, n) => (
    { kind: 'ping', device: `pc-${n + 1}`, target: hostAddress((n + hosts + 1) % total), count, intervalMs: 1 }
  ));
  return {
    title: `switch tree: ${leaves} leaves × ${hosts} computers, ${count} pings each`,
    doc: { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, devices, links },
    actions,
    expectedReplies: total * count,
  };
}

function hostAddress(n: number): string {
  return `10.0.${(n + 1) >> 8}.${(n + 1) & 255}`;
}
