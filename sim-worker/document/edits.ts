/**
 * Edits to the network document: pure functions that return a new document and
 * never touch their input. Unchanged devices and links stay shared, so undo
 * history is cheap and selectors see only what changed. The store, the
 * inspector and lessons ("show me") all change a network through these.
 */
import type { Parsed } from '../wire/fields';
import { joinedAddressProblem } from './address-realms';
import { cableOrder, fixedInterfacesProblem, homeRouterRole, lanCableProblem } from './home-router-rules';
import { homeRouterPreset, ispPreset } from './presets';
import {
  cabledProblem,
  checkInterfaceFields,
  checkRoute,
  fieldText,
  hostnameProblem,
  INTERFACE_FIELDS,
  interfaceLabel,
  isPosition,
  nameTakenProblem,
  needsMacs,
  noDeviceProblem,
  noInterfaceProblem,
  noRoutesProblem,
  POSITION_PROBLEM,
  ROUTE_FIELDS,
  routeLabel,
  sameName,
  takenAddresses,
  takesRoutes,
  type InterfaceProblems,
  type InterfaceValues,
  type RouteInput,
  type RouteProblems,
} from './rules';
import { guestsOf, VM_NEEDS_HOST, vmCableProblem } from './vm-rules';
import { COPPER_DEFAULTS, DEVICE_KINDS, type DeviceDoc, type DeviceKind, type InterfaceDoc, type LinkDoc, type NetworkDocument, type Position, type RouteDoc } from './schema';

export type Edit<T = object> = ({ ok: true; doc: NetworkDocument } & T) | { ok: false; error: string };

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

// ---- Devices

const NAME_PREFIX: Record<DeviceKind, string> = { computer: 'PC', switch: 'Switch', hub: 'Hub', router: 'Router', 'home-router': 'Home-router', isp: 'ISP', vm: 'VM', server: 'Server' };
const ID_PREFIX: Record<DeviceKind, string> = { computer: 'pc', switch: 'switch', hub: 'hub', router: 'router', 'home-router': 'home', isp: 'isp', vm: 'vm', server: 'server' };
/** Interfaces a new device comes with: a computer one network card, a router four, a switch eight ports, a hub four. */
const PORTS: Record<DeviceKind, number> = { computer: 1, switch: 8, hub: 4, router: 4, 'home-router': 4, isp: 4, vm: 1, server: 1 };

/** Free-space placement: grid spots scanned left to right, top to bottom. */
const GRID_STEP = 180;
const GRID_COLUMNS = 6;
const CLEARANCE = 140;
/**
 * The grid row of each kind within a band of four, as networks are drawn:
 * ISPs on top, then routers, then switches and hubs, then the computers.
 */
const TIER: Record<DeviceKind, number> = { isp: 0, router: 1, 'home-router': 1, switch: 2, hub: 2, computer: 3, server: 3, vm: 3 };
const TIERS = 4;

/** Adds a device with the next free name ("PC-2"), a stable id and its interfaces; placed in free space unless given a position. A VM goes in by `addVm` (vm-edits.ts), inside its host. */
export function addDevice(doc: NetworkDocument, kind: DeviceKind, position?: Position): Edit<{ deviceId: string }> {
  return kind === 'vm' ? refuse(VM_NEEDS_HOST) : createDevice(doc, kind, position);
}

/** `addDevice` for every kind, a VM included (still without its host): vm-edits.ts finishes a VM. */
export function createDevice(doc: NetworkDocument, kind: DeviceKind, position?: Position): Edit<{ deviceId: string }> {
  if (!DEVICE_KINDS.includes(kind)) return refuse(`"${String(kind)}" is not a kind of device: use one of ${DEVICE_KINDS.join(', ')}`);
  if (position !== undefined && !isPosition(position)) return refuse(POSITION_PROBLEM);
  const number = lowestFree(1, (n) => !doc.devices.some((d) => sameName(d.name, `${NAME_PREFIX[kind]}-${n}`)));
  const idNumber = lowestFree(number, (n) => !doc.devices.some((d) => d.id === `${ID_PREFIX[kind]}-${n}`));
  const device: DeviceDoc = {
    id: `${ID_PREFIX[kind]}-${idNumber}`,
    kind,
    name: `${NAME_PREFIX[kind]}-${number}`,
    position: position === undefined ? freeSpot(doc.devices, kind) : { x: position.x, y: position.y },
    interfaces: needsMacs(kind)
      ? freshMacs(doc, PORTS[kind]).map((mac, i) => ({ name: `eth${i}`, mac }))
      : Array.from({ length: PORTS[kind] }, (_, i) => ({ name: `p${i + 1}` })),
  };
  // A home router and an ISP come configured, as from the factory or the ISP's office (presets.ts).
  if (kind === 'home-router') Object.assign(device, homeRouterPreset(freshMacs(doc, 2) as [string, string]));
  if (kind === 'isp') Object.assign(device, ispPreset(doc, device.interfaces.map((i) => i.mac!)));
  return { ok: true, doc: { ...doc, devices: [...doc.devices, device] }, deviceId: device.id };
}

/** Removes a device, its cables and, from a computer, the VMs running inside it. */
export function removeDevice(doc: NetworkDocument, deviceId: string): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const gone = new Set([device, ...guestsOf(doc.devices, deviceId)]);
  const touches = (link: LinkDoc) => link.a.device === deviceId || link.b.device === deviceId;
  const links = doc.links.some(touches) ? doc.links.filter((link) => !touches(link)) : doc.links;
  return { ok: true, doc: { ...doc, devices: doc.devices.filter((d) => !gone.has(d)), links } };
}

export function moveDevice(doc: NetworkDocument, deviceId: string, position: Position): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  if (!isPosition(position)) return refuse(POSITION_PROBLEM);
  return { ok: true, doc: replaceDevice(doc, device, { ...device, position: { x: position.x, y: position.y } }) };
}

export function renameDevice(doc: NetworkDocument, deviceId: string, name: string): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const trimmed = String(name).trim();
  const problem = hostnameProblem(trimmed);
  if (problem !== undefined) return refuse(problem);
  const holder = doc.devices.find((d) => d !== device && sameName(d.name, trimmed));
  if (holder) return refuse(nameTakenProblem(trimmed, holder.name));
  return { ok: true, doc: replaceDevice(doc, device, { ...device, name: trimmed }) };
}

function findDevice(doc: NetworkDocument, deviceId: string): DeviceDoc | undefined {
  return doc.devices.find((d) => d.id === deviceId);
}

function replaceDevice(doc: NetworkDocument, old: DeviceDoc, updated: DeviceDoc): NetworkDocument {
  return { ...doc, devices: doc.devices.map((d) => (d === old ? updated : d)) };
}

function lowestFree(from: number, isFree: (n: number) => boolean): number {
  let n = from;
  while (!isFree(n)) n++;
  return n;
}

/** Locally administered MACs (02:…, IEEE 802 U/L bit) not yet in the document: 02:00:00:00:00:01, then :02 … */
function freshMacs(doc: NetworkDocument, count: number): string[] {
  const taken = new Set(doc.devices.flatMap((d) => d.interfaces.flatMap((i) => i.mac ?? [])));
  const mac = (n: number) => `02:00:00:${[n >>> 16, n >>> 8, n].map((byte) => (byte & 255).toString(16).padStart(2, '0')).join(':')}`;
  const macs: string[] = [];
  let n = 0;
  while (macs.length < count) {
    n = lowestFree(n + 1, (k) => !taken.has(mac(k)));
    macs.push(mac(n));
  }
  return macs;
}

/** Adds the next interface: the lowest free ethN with a fresh MAC on computers and routers, pN on switches and hubs. */
export function addInterface(doc: NetworkDocument, deviceId: string): Edit<{ interfaceName: string }> {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  if (device.kind === 'home-router') return refuse(fixedInterfacesProblem(device.name));
  const macs = needsMacs(device.kind);
  const [prefix, first] = macs ? ['eth', 0] : ['p', 1];
  const name = `${prefix}${lowestFree(first, (n) => !device.interfaces.some((i) => i.name === `${prefix}${n}`))}`;
  const iface: InterfaceDoc = macs ? { name, mac: freshMacs(doc, 1)[0] } : { name };
  return { ok: true, doc: replaceDevice(doc, device, { ...device, interfaces: [...device.interfaces, iface] }), interfaceName: name };
}

/**
 * The first grid spot at least CLEARANCE px from every device, on its
 * kind's row (TIER): a cable then runs up from a computer to its switch and
 * from a switch to its router, instead of behind the devices beside it (two
 * switches and a router side by side would hide one switch's cable to the
 * router behind the other switch). Each device blocks at most four spots,
 * so the scan is short.
 */
function freeSpot(devices: readonly DeviceDoc[], kind: DeviceKind): Position {
  for (let i = 0; ; i++) {
    const row = TIER[kind] + TIERS * Math.floor(i / GRID_COLUMNS);
    const spot = { x: (i % GRID_COLUMNS) * GRID_STEP, y: row * GRID_STEP };
    if (devices.every((d) => Math.hypot(d.position.x - spot.x, d.position.y - spot.y) >= CLEARANCE)) return spot;
  }
}

// ---- Cables

export interface CableEnd {
  device: string;
  /** Left out: the device's first interface without a cable. */
  interface?: string;
}

/** Cables two devices with copper. Two cables between the same two switches are allowed: loops are a lesson. */
export function connect(doc: NetworkDocument, a: CableEnd, b: CableEnd): Edit<{ linkId: string }> {
  const deviceA = findDevice(doc, a.device);
  if (!deviceA) return refuse(noDeviceProblem(a.device));
  const deviceB = findDevice(doc, b.device);
  if (!deviceB) return refuse(noDeviceProblem(b.device));
  if (deviceA === deviceB) return refuse('A cable needs two different devices');
  const vm = [deviceA, deviceB].find((d) => d.kind === 'vm');
  if (vm) return refuse(vmCableProblem(vm.name));
  const interfaceA = pickInterface(doc, deviceA, a.interface, deviceB.kind);
  if (!interfaceA.ok) return interfaceA;
  const interfaceB = pickInterface(doc, deviceB, b.interface, deviceA.kind);
  if (!interfaceB.ok) return interfaceB;
  const id = `l${lowestFree(1, (n) => !doc.links.some((link) => link.id === `l${n}`))}`;
  const link: LinkDoc = { id, a: { device: deviceA.id, interface: interfaceA.value }, b: { device: deviceB.id, interface: interfaceB.value }, ...COPPER_DEFAULTS };
  const next = { ...doc, links: [...doc.links, link] };
  const clash = joinedAddressProblem(next, 'This cable');
  return clash ? refuse(clash) : { ok: true, doc: next, linkId: id };
}

export function removeLink(doc: NetworkDocument, linkId: string): Edit {
  if (!doc.links.some((link) => link.id === linkId)) return refuse(`There is no cable with id "${linkId}"`);
  return { ok: true, doc: { ...doc, links: doc.links.filter((link) => link.id !== linkId) } };
}

function isCabled(doc: NetworkDocument, deviceId: string, interfaceName: string): boolean {
  return doc.links.some((link) => [link.a, link.b].some((end) => end.device === deviceId && end.interface === interfaceName));
}

function pickInterface(doc: NetworkDocument, device: DeviceDoc, name: string | undefined, peerKind: DeviceKind): Parsed<string> {
  if (name === undefined) {
    const candidates = device.kind === 'home-router' ? cableOrder(device.interfaces, peerKind) : device.interfaces;
    const free = candidates.find((i) => !isCabled(doc, device.id, i.name));
    return free ? { ok: true, value: free.name } : refuse(`${device.name} has no free interface: remove one of its cables first`);
  }
  if (!device.interfaces.some((i) => i.name === name)) return refuse(noInterfaceProblem(device.name, name));
  if (device.kind === 'home-router' && homeRouterRole(name) === 'lan') return refuse(lanCableProblem(device.name));
  if (isCabled(doc, device.id, name)) return refuse(cabledProblem(interfaceLabel(device.name, name)));
  return { ok: true, value: name };
}

// ---- Interface addresses

/** A change to an interface. Left out: unchanged. Empty text clears ipv4 or gateway; clearing ipv4 clears the gateway too. */
export interface InterfacePatch {
  mac?: string;
  ipv4?: string;
  gateway?: string;
}

/** The inspector's inline messages as the learner types: one per field that has a problem, none when the patch can be applied. */
export function checkInterface(doc: NetworkDocument, deviceId: string, interfaceName: string, patch: InterfacePatch): InterfaceProblems {
  const found = findInterface(doc, deviceId, interfaceName);
  if (!found.ok) {
    const problems: InterfaceProblems = {};
    for (const field of INTERFACE_FIELDS) if (patch[field] !== undefined) problems[field] = found.error;
    return problems;
  }
  return review(doc, found.value.device, found.value.iface, patch).problems;
}

/** Applies a patch whole, in canonical form, or refuses it whole with every problem. */
export function setInterface(doc: NetworkDocument, deviceId: string, interfaceName: string, patch: InterfacePatch): Edit {
  const found = findInterface(doc, deviceId, interfaceName);
  if (!found.ok) return found;
  const { device, iface } = found.value;
  const { problems, clean } = review(doc, device, iface, patch);
  const messages = Object.values(problems);
  if (messages.length > 0) return refuse(`${interfaceLabel(device.name, iface.name)}: ${messages.join('; ')}`);
  const updated: InterfaceDoc = { name: iface.name, ...clean };
  // The IPv6 address has its own edit (ipv6-edits.ts) and stays as it was.
  if (iface.ipv6 !== undefined) updated.ipv6 = iface.ipv6;
  // An interface on DHCP stays on DHCP unless an address is typed in, which makes it static.
  if (iface.addressing === 'dhcp' && clean.ipv4 === undefined) updated.addressing = 'dhcp';
  const interfaces = device.interfaces.map((i) => (i === iface ? updated : i));
  return { ok: true, doc: replaceDevice(doc, device, { ...device, interfaces }) };
}

/** The device's routes must still hold with the interface changed: one that no longer would is named, not dropped behind the learner's back. */
function brokenRoute(device: DeviceDoc, interfaces: InterfaceDoc[]): string | undefined {
  const checked: RouteDoc[] = [];
  for (const route of device.routes ?? []) {
    const { problems, clean } = checkRoute({ kind: device.kind, deviceName: device.name, interfaces }, route, checked);
    const problem = problems.via ?? problems.interface ?? problems.route;
    if (problem !== undefined) return `${routeLabel(route)} would no longer work (${problem}): change or remove that route first`;
    if (clean) checked.push(clean);
  }
  return undefined;
}

function findInterface(doc: NetworkDocument, deviceId: string, interfaceName: string): Parsed<{ device: DeviceDoc; iface: InterfaceDoc }> {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const iface = device.interfaces.find((i) => i.name === interfaceName);
  if (!iface) return refuse(noInterfaceProblem(device.name, interfaceName));
  return { ok: true, value: { device, iface } };
}

function review(doc: NetworkDocument, device: DeviceDoc, iface: InterfaceDoc, patch: InterfacePatch): { problems: InterfaceProblems; clean: InterfaceValues } {
  const clearsIpv4 = patch.ipv4 !== undefined && fieldText(patch.ipv4) === undefined;
  const values = {
    mac: patch.mac ?? iface.mac,
    ipv4: patch.ipv4 ?? iface.ipv4,
    gateway: patch.gateway ?? (clearsIpv4 ? undefined : iface.gateway),
  };
  const checked = checkInterfaceFields({ kind: device.kind, deviceName: device.name, interfaceName: iface.name }, values, takenAddresses(doc, device.id, iface.name));
  if (checked.problems.ipv4 === undefined && device.routes?.length) {
    const interfaces = device.interfaces.map((i) => (i === iface ? { name: i.name, ipv4: checked.clean.ipv4 } : i));
    const broken = brokenRoute(device, interfaces);
    if (broken !== undefined) checked.problems.ipv4 = broken;
  }
  return checked;
}

// ---- Static routes

/** The inspector's inline messages for a route being typed, judged as if added after the device's routes. */
export function checkNewRoute(doc: NetworkDocument, deviceId: string, route: RouteInput): RouteProblems {
  const device = findDevice(doc, deviceId);
  if (!device) return { route: noDeviceProblem(deviceId) };
  if (!takesRoutes(device.kind)) return { route: noRoutesProblem(device.name, device.kind) };
  return checkRoute(routeOwner(device), route, device.routes ?? []).problems;
}

/** Replaces all of a device's routes, in canonical form, or refuses the list whole with every problem. An empty list removes them. */
export function setRoutes(doc: NetworkDocument, deviceId: string, routes: readonly RouteInput[]): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  if (!takesRoutes(device.kind)) return refuse(noRoutesProblem(device.name, device.kind));
  const clean: RouteDoc[] = [];
  const messages: string[] = [];
  routes.forEach((route, i) => {
    const checked = checkRoute(routeOwner(device), route, clean);
    const problems = [checked.problems.route, ...ROUTE_FIELDS.map((f) => checked.problems[f])].filter((p) => p !== undefined);
    if (checked.clean) clean.push(checked.clean);
    else messages.push(`${routes.length > 1 ? `route ${i + 1} (${routeLabel(route).replace(/^the route ?/, '') || 'empty'})` : routeLabel(route)}: ${problems.join('; ')}`);
  });
  if (messages.length > 0) return refuse(`${device.name}: ${messages.join('; ')}`);
  const updated: DeviceDoc = { ...device, routes: clean };
  if (clean.length === 0) delete updated.routes;
  return { ok: true, doc: replaceDevice(doc, device, updated) };
}

/** Adds one route after the others. */
export function addRoute(doc: NetworkDocument, deviceId: string, route: RouteInput): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const problems = checkNewRoute(doc, deviceId, route);
  const messages = [problems.route, ...ROUTE_FIELDS.map((f) => problems[f])].filter((p) => p !== undefined);
  if (messages.length > 0) return refuse(`${device.name}: ${messages.join('; ')}`);
  return setRoutes(doc, deviceId, [...(device.routes ?? []), route]);
}

/** Removes the route at `index` (as listed in the document, from 0). */
export function removeRoute(doc: NetworkDocument, deviceId: string, index: number): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const routes = device.routes ?? [];
  if (!Number.isInteger(index) || index < 0 || index >= routes.length) {
    return refuse(routes.length === 0 ? `${device.name} has no routes to remove` : `${device.name} has ${routes.length} route${routes.length === 1 ? '' : 's'}: there is no route number ${index + 1}`);
  }
  return setRoutes(doc, deviceId, routes.filter((_, i) => i !== index));
}

function routeOwner(device: DeviceDoc) {
  return { kind: device.kind, deviceName: device.name, interfaces: device.interfaces };
}
