/**
 * Edits for DHCP: an interface set to take its address by DHCP, a DHCP
 * server scope added, changed or removed, and a sensible default scope for
 * the inspector's "Enable DHCP server" button. Pure functions like edits.ts.
 */
import { formatIpv4, parseCidr } from '../wire/address';
import type { Parsed } from '../wire/fields';
import { checkAddressing, checkDhcpScope, defaultPool, noDhcpServersProblem, takesDhcpServers } from './dhcp-rules';
import type { Edit } from './edits';
import { checkRoute, interfaceLabel, noDeviceProblem, noInterfaceProblem, routeLabel } from './rules';
import type { DeviceDoc, DhcpServerDoc, InterfaceDoc, NetworkDocument } from './schema';

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function replaceDevice(doc: NetworkDocument, old: DeviceDoc, updated: DeviceDoc): NetworkDocument {
  return { ...doc, devices: doc.devices.map((d) => (d === old ? updated : d)) };
}

/**
 * 'dhcp': the interface's address and gateway are left to a DHCP server
 * (typed ones are dropped); 'static': back to a typed address, none yet.
 */
export function setAddressing(doc: NetworkDocument, deviceId: string, interfaceName: string, addressing: 'static' | 'dhcp'): Edit {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const iface = device.interfaces.find((i) => i.name === interfaceName);
  if (!iface) return refuse(noInterfaceProblem(device.name, interfaceName));
  const checked = checkAddressing({ kind: device.kind, deviceName: device.name }, interfaceName, { addressing });
  if (checked.problems.addressing !== undefined) return refuse(`${interfaceLabel(device.name, interfaceName)} ${checked.problems.addressing}`);
  if (addressing === 'static') {
    if (iface.addressing !== 'dhcp') return { ok: true, doc };
    const updated: InterfaceDoc = { ...iface };
    delete updated.addressing;
    return { ok: true, doc: replaceDevice(doc, device, { ...device, interfaces: device.interfaces.map((i) => (i === iface ? updated : i)) }) };
  }
  const updated: InterfaceDoc = { ...iface, addressing: 'dhcp' };
  delete updated.ipv4;
  delete updated.gateway;
  const interfaces = device.interfaces.map((i) => (i === iface ? updated : i));
  for (const route of device.routes ?? []) {
    const problem = checkRoute({ kind: device.kind, deviceName: device.name, interfaces }, route, []).problems.via;
    if (problem !== undefined) return refuse(`${interfaceLabel(device.name, interfaceName)} cannot switch to DHCP: ${routeLabel(route)} would no longer work (${problem}). Change or remove that route first`);
  }
  return { ok: true, doc: replaceDevice(doc, device, { ...device, interfaces }) };
}

/** Sets the DHCP scope of one interface (added, or replacing the one it had), or removes it when `scope` is undefined. */
export function setDhcpServer(doc: NetworkDocument, deviceId: string, interfaceName: string, scope: Omit<DhcpServerDoc, 'interface'> | undefined): Edit {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  if (!takesDhcpServers(device.kind)) return refuse(noDhcpServersProblem(device.name, device.kind));
  const current = device.dhcpServers ?? [];
  const others = current.filter((s) => s.interface !== interfaceName);
  if (scope === undefined) {
    if (others.length === current.length) return refuse(`${interfaceLabel(device.name, interfaceName)} has no DHCP server to remove`);
    const updated: DeviceDoc = { ...device, dhcpServers: others };
    if (others.length === 0) delete updated.dhcpServers;
    return { ok: true, doc: replaceDevice(doc, device, updated) };
  }
  const { problems, clean } = checkDhcpScope({ deviceName: device.name, interfaces: device.interfaces }, { ...scope, interface: interfaceName }, others);
  if (!clean) return refuse(`${interfaceLabel(device.name, interfaceName)}: ${problems.map((p) => p.message).join('; ')}`);
  // Scopes stay in interface order, as the inspector lists them.
  const order = (s: DhcpServerDoc) => device.interfaces.findIndex((i) => i.name === s.interface);
  const dhcpServers = [...others, clean].sort((a, b) => order(a) - order(b));
  return { ok: true, doc: replaceDevice(doc, device, { ...device, dhcpServers }) };
}

/** The scope "Enable DHCP server" proposes: a pool in the interface's network, away from its own address. */
export function suggestDhcpScope(doc: NetworkDocument, deviceId: string, interfaceName: string): Parsed<DhcpServerDoc> {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  if (!takesDhcpServers(device.kind)) return refuse(noDhcpServersProblem(device.name, device.kind));
  const iface = device.interfaces.find((i) => i.name === interfaceName);
  if (!iface) return refuse(noInterfaceProblem(device.name, interfaceName));
  const cidr = iface.ipv4 === undefined ? undefined : parseCidr(iface.ipv4);
  if (!cidr?.ok) return refuse(`${interfaceLabel(device.name, interfaceName)} has no IPv4 address: give it one first, since the DHCP server serves its network`);
  const pool = defaultPool(cidr.value);
  if (!pool) return refuse(`${iface.ipv4} leaves no address for clients once ${interfaceName} has its own: use a larger network, like a /24`);
  return { ok: true, value: { interface: interfaceName, poolStart: formatIpv4(pool.start), poolEnd: formatIpv4(pool.end) } };
}
