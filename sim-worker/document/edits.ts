/**
 * Edits to the network document: pure functions that return a new document and
 * never touch their input. Unchanged devices and links stay shared, so undo
 * history is cheap and selectors see only what changed. The store, the
 * inspector and lessons ("show me") all change a network through these.
 */
import type { Parsed } from '../wire/fields';
import {
  cabledProblem,
  checkInterfaceFields,
  fieldText,
  hostnameProblem,
  INTERFACE_FIELDS,
  interfaceLabel,
  isPosition,
  nameTakenProblem,
  noDeviceProblem,
  noInterfaceProblem,
  POSITION_PROBLEM,
  sameName,
  takenAddresses,
  type InterfaceProblems,
  type InterfaceValues,
} from './rules';
import { COPPER_DEFAULTS, DEVICE_KINDS, type DeviceDoc, type DeviceKind, type InterfaceDoc, type LinkDoc, type NetworkDocument, type Position } from './schema';

export type Edit<T = object> = ({ ok: true; doc: NetworkDocument } & T) | { ok: false; error: string };

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

// ---- Devices

const NAME_PREFIX: Record<DeviceKind, string> = { computer: 'PC', switch: 'Switch', hub: 'Hub' };
const ID_PREFIX: Record<DeviceKind, string> = { computer: 'pc', switch: 'switch', hub: 'hub' };
const PORTS: Record<DeviceKind, number> = { computer: 0, switch: 8, hub: 4 };

/** Free-space placement: grid spots scanned left to right, top to bottom. */
const GRID_STEP = 180;
const GRID_COLUMNS = 6;
const CLEARANCE = 140;

/** Adds a device with the next free name ("PC-2"), a stable id and its interfaces; placed in free space unless given a position. */
export function addDevice(doc: NetworkDocument, kind: DeviceKind, position?: Position): Edit<{ deviceId: string }> {
  if (!DEVICE_KINDS.includes(kind)) return refuse(`"${String(kind)}" is not a kind of device: use one of ${DEVICE_KINDS.join(', ')}`);
  if (position !== undefined && !isPosition(position)) return refuse(POSITION_PROBLEM);
  const number = lowestFree(1, (n) => !doc.devices.some((d) => sameName(d.name, `${NAME_PREFIX[kind]}-${n}`)));
  const idNumber = lowestFree(number, (n) => !doc.devices.some((d) => d.id === `${ID_PREFIX[kind]}-${n}`));
  const device: DeviceDoc = {
    id: `${ID_PREFIX[kind]}-${idNumber}`,
    kind,
    name: `${NAME_PREFIX[kind]}-${number}`,
    position: position === undefined ? freeSpot(doc.devices) : { x: position.x, y: position.y },
    interfaces: kind === 'computer' ? [{ name: 'eth0', mac: freshMac(doc) }] : Array.from({ length: PORTS[kind] }, (_, i) => ({ name: `p${i + 1}` })),
  };
  return { ok: true, doc: { ...doc, devices: [...doc.devices, device] }, deviceId: device.id };
}

export function removeDevice(doc: NetworkDocument, deviceId: string): Edit {
  const device = findDevice(doc, deviceId);
  if (!device) return refuse(noDeviceProblem(deviceId));
  const touches = (link: LinkDoc) => link.a.device === deviceId || link.b.device === deviceId;
  const links = doc.links.some(touches) ? doc.links.filter((link) => !touches(link)) : doc.links;
  return { ok: true, doc: { ...doc, devices: doc.devices.filter((d) => d !== device), links } };
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

/** A locally administered MAC (02:…, IEEE 802 U/L bit) not yet in the document: 02:00:00:00:00:01, then :02 … */
function freshMac(doc: NetworkDocument): string {
  const taken = new Set(doc.devices.flatMap((d) => d.interfaces.flatMap((i) => i.mac ?? [])));
  const mac = (n: number) => `02:00:00:${[n >>> 16, n >>> 8, n].map((byte) => (byte & 255).toString(16).padStart(2, '0')).join(':')}`;
  return mac(lowestFree(1, (n) => !taken.has(mac(n))));
}

/** The first grid spot at least CLEARANCE px from every device; each device blocks at most four spots, so the scan is short. */
function freeSpot(devices: readonly DeviceDoc[]): Position {
  for (let i = 0; ; i++) {
    const spot = { x: (i % GRID_COLUMNS) * GRID_STEP, y: Math.floor(i / GRID_COLUMNS) * GRID_STEP };
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
  const interfaceA = pickInterface(doc, deviceA, a.interface);
  if (!interfaceA.ok) return interfaceA;
  const interfaceB = pickInterface(doc, deviceB, b.interface);
  if (!interfaceB.ok) return interfaceB;
  const id = `l${lowestFree(1, (n) => !doc.links.some((link) => link.id === `l${n}`))}`;
  const link: LinkDoc = { id, a: { device: deviceA.id, interface: interfaceA.value }, b: { device: deviceB.id, interface: interfaceB.value }, ...COPPER_DEFAULTS };
  return { ok: true, doc: { ...doc, links: [...doc.links, link] }, linkId: id };
}

export function removeLink(doc: NetworkDocument, linkId: string): Edit {
  if (!doc.links.some((link) => link.id === linkId)) return refuse(`There is no cable with id "${linkId}"`);
  return { ok: true, doc: { ...doc, links: doc.links.filter((link) => link.id !== linkId) } };
}

function isCabled(doc: NetworkDocument, deviceId: string, interfaceName: string): boolean {
  return doc.links.some((link) => [link.a, link.b].some((end) => end.device === deviceId && end.interface === interfaceName));
}

function pickInterface(doc: NetworkDocument, device: DeviceDoc, name: string | undefined): Parsed<string> {
  if (name === undefined) {
    const free = device.interfaces.find((i) => !isCabled(doc, device.id, i.name));
    return free ? { ok: true, value: free.name } : refuse(`${device.name} has no free interface: remove one of its cables first`);
  }
  if (!device.interfaces.some((i) => i.name === name)) return refuse(noInterfaceProblem(device.name, name));
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
  const interfaces = device.interfaces.map((i) => (i === iface ? updated : i));
  return { ok: true, doc: replaceDevice(doc, device, { ...device, interfaces }) };
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
  return checkInterfaceFields({ kind: device.kind, deviceName: device.name }, values, takenAddresses(doc, device.id, iface.name));
}
