/**
 * Address realms: the parts of a network within which every IPv4 address
 * must be unique. NAT hides the addresses behind it, so the same private
 * addresses are used again behind every NAT, as every home uses
 * 192.168.1.0/24 (RFC 1918 §3). A realm is what cables join, except that a
 * home router's LAN side (`lan` and its ports) is apart from its `wan` side,
 * and a VM host's NAT and host-only networks are apart from its own (a
 * bridged VM is on its host's network). Devices no cable joins are apart
 * too: the same address on two of them clashes only once a cable would
 * join them, and that cable is refused (so unplugging never makes a clash).
 */
import { formatIpv4, parseCidr } from '../wire/address';
import { HOME_ROUTER_WAN } from './home-router-rules';
import { interfaceLabel } from './rules';
import type { DeviceDoc, LinkDoc, NetworkDocument } from './schema';

/** Which realm an interface's address is in: the same string for interfaces of one realm. */
export type RealmOf = (deviceId: string, interfaceName: string) => string;

/** What realms are worked out from: each device's kind and VM field, and the cables. */
export interface RealmSource {
  devices: readonly Pick<DeviceDoc, 'id' | 'kind' | 'vm'>[];
  links: readonly Pick<LinkDoc, 'a' | 'b'>[];
}

export function addressRealms(doc: RealmSource): RealmOf {
  const devices = new Map(doc.devices.map((d) => [d.id, d]));
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root)) root = parent.get(root)!;
    // Each key looked up points straight at its root from then on.
    if (root !== key) parent.set(key, root);
    return root;
  };
  const side = (deviceId: string, interfaceName: string) => sideOf(devices.get(deviceId), deviceId, interfaceName);
  for (const { a, b } of doc.links) {
    const rootA = find(side(a.device, a.interface));
    const rootB = find(side(b.device, b.interface));
    if (rootA !== rootB) parent.set(rootA, rootB);
  }
  return (deviceId, interfaceName) => find(side(deviceId, interfaceName));
}

/** The part of a device an interface belongs to, before cables join parts into realms. */
function sideOf(device: RealmSource['devices'][number] | undefined, deviceId: string, interfaceName: string): string {
  if (device?.kind === 'home-router') return interfaceName === HOME_ROUTER_WAN ? `${deviceId} wan` : `${deviceId} lan`;
  if (device?.kind === 'vm' && device.vm) return device.vm.mode === 'bridged' ? device.vm.host : `${device.vm.host} ${device.vm.mode}`;
  return deviceId;
}

/** Two interfaces of one realm with the same IPv4 address: the later one in the document, and who had it first. */
export interface SharedAddress {
  deviceIndex: number;
  interfaceIndex: number;
  address: string;
  holder: string;
  label: string;
}

/** Every interface whose IPv4 address an earlier interface in its realm already has. */
export function sharedIpv4Addresses(doc: NetworkDocument, realmOf = addressRealms(doc)): SharedAddress[] {
  const holders = new Map<string, string>();
  const shared: SharedAddress[] = [];
  doc.devices.forEach((device, deviceIndex) => {
    device.interfaces.forEach((iface, interfaceIndex) => {
      const cidr = iface.ipv4 === undefined ? undefined : parseCidr(iface.ipv4);
      if (!cidr?.ok) return;
      const key = `${realmOf(device.id, iface.name)}\u0000${cidr.value.address}`;
      const label = interfaceLabel(device.name, iface.name);
      const holder = holders.get(key);
      if (holder === undefined) holders.set(key, label);
      else shared.push({ deviceIndex, interfaceIndex, address: formatIpv4(cidr.value.address), holder, label });
    });
  });
  return shared;
}

/**
 * Why a document made by an edit that joins parts of a network (a cable, a
 * VM's mode) cannot be: it would put two interfaces with one address in one
 * realm. `change` says what the edit does, as "This cable".
 */
export function joinedAddressProblem(next: NetworkDocument, change: string): string | undefined {
  const [shared] = sharedIpv4Addresses(next);
  if (!shared) return undefined;
  return `${change} would put ${shared.holder} and ${shared.label} in one network, and both have ${shared.address}: change one of the addresses first (an address can be used again only behind another NAT, like another home router's LAN)`;
}
