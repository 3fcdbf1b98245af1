/**
 * Checks a network document from disk, localStorage or a lesson before anything
 * uses it (DESIGN.md, "The document"). A document either passes whole, as a
 * clean copy holding only known fields, or fails with every problem found, each
 * with its JSON path and a message a learner can act on.
 */
import {
  cabledProblem,
  checkInterfaceFields,
  checkRoute,
  hostnameProblem,
  INTERFACE_FIELDS,
  interfaceLabel,
  isPosition,
  nameTakenProblem,
  noDeviceProblem,
  noInterfaceProblem,
  noRoutesProblem,
  noTakenAddresses,
  POSITION_PROBLEM,
  recordTaken,
  ROUTE_FIELDS,
  sameName,
  takesRoutes,
  type TakenAddresses,
} from './rules';
import { addressRealms, type RealmOf } from './address-realms';
import { checkIpv6Field, recordTaken6 } from './rules6';
import { DEVICE_KINDS, DOCUMENT_FORMAT, DOCUMENT_VERSION, type DeviceDoc, type DeviceKind, type DhcpServerDoc, type InterfaceDoc, type LinkDoc, type LinkEnd, type NetworkDocument, type PortForwardDoc, type RouteDoc } from './schema';
import { checkPortForward, HOME_ROUTER_LAN, HOME_ROUTER_WAN, homeRouterMissingProblem, homeRouterNameProblem, homeRouterRole, lanCableProblem, PORT_FORWARD_FIELDS } from './home-router-rules';
import { checkAddressing, checkDhcpScope, noDhcpServersProblem, takesDhcpServers } from './dhcp-rules';
import { describe, expected, isObject, own } from './json-reading';
import { checkVmField, isVmMode, vmCableProblem, vmHostProblem, vmInterfacesProblem } from './vm-rules';
import { checkDnsServers, checkServices } from './services-rules';
import { bandwidthProblem, delayProblem, isLinkMedium, LINK_MEDIA_ORDER, lossRateProblem, reorderRateProblem } from './link-media';

export interface Problem {
  /** JSON path of the bad value, e.g. "$.devices[2].interfaces[0].ipv4". */
  path: string;
  message: string;
}

export type Validated = { ok: true; value: NetworkDocument } | { ok: false; problems: Problem[] };

type Report = (path: string, message: string) => void;

/** Reads a saved file's text: a JSON syntax error is one problem at "$". */
export function parseDocumentText(text: string): Validated {
  let input: unknown;
  try {
    // Editors on Windows may save a byte order mark, which JSON.parse refuses.
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return refuse('$', `This file is not valid JSON, so it cannot be a Flintnet network (${detail})`);
  }
  return validateDocument(input);
}

export function validateDocument(input: unknown): Validated {
  if (!isObject(input)) return refuse('$', `This is not a Flintnet network: the file holds ${describe(input)} instead of a network object`);
  // A foreign or newer file would fail every check below; its first problem is the only useful one.
  const format = own(input, 'format');
  if (format !== DOCUMENT_FORMAT) {
    const found = format === undefined ? 'it has no "format" field' : `its "format" is ${describe(format)}`;
    return refuse('$.format', `This is not a Flintnet network: ${found}, where a Flintnet file says "${DOCUMENT_FORMAT}"`);
  }
  const problems: Problem[] = [];
  const report: Report = (path, message) => void problems.push({ path, message });
  const version = own(input, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    report('$.version', expected('"version"', 'a whole number from 1 up', version));
  } else if (version > DOCUMENT_VERSION) {
    return refuse('$.version', `This network was saved by a newer Flintnet (format version ${version}); this version opens versions up to ${DOCUMENT_VERSION}`);
  }

  const devices = readDevices(own(input, 'devices'), new AddressBook(looseRealms(own(input, 'devices'), own(input, 'links'))), report);
  const links = readLinks(own(input, 'links'), devices, report);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, devices: devices.flatMap((d) => d.doc ?? []), links } };
}

function refuse(path: string, message: string): Validated {
  return { ok: false, problems: [{ path, message }] };
}

// ---- Devices

/** What the link checks need to know of a device, and the clean device when it had no problem of its own. */
interface DeviceDraft {
  label: string;
  kind?: DeviceKind;
  id?: string;
  name?: string;
  /** Undefined when the interface list itself could not be read: cables to it are then not judged. */
  interfaceNames?: Set<string>;
  /** A VM's host id, checked once every device is read. */
  vmHost?: string;
  doc?: DeviceDoc;
}

/**
 * The addresses taken so far, as each interface is judged against them: MAC
 * and IPv6 addresses in the whole document, IPv4 addresses in the
 * interface's address realm (address-realms.ts).
 */
class AddressBook {
  private readonly everywhere = noTakenAddresses();
  private readonly ipv4sByRealm = new Map<string, TakenAddresses['ipv4s']>();

  constructor(private readonly realmOf: RealmOf) {}

  takenFor(deviceId: string | undefined, interfaceName: string | undefined): TakenAddresses {
    // An interface whose device or name cannot be read is judged with the others like it.
    const realm = deviceId === undefined || interfaceName === undefined ? '' : this.realmOf(deviceId, interfaceName);
    let ipv4s = this.ipv4sByRealm.get(realm);
    if (ipv4s === undefined) this.ipv4sByRealm.set(realm, (ipv4s = new Map()));
    return { macs: this.everywhere.macs, ipv6s: this.everywhere.ipv6s, ipv4s };
  }
}

/** Address realms from whatever of the devices and cables can be read, before they are checked. */
function looseRealms(devices: unknown, links: unknown): RealmOf {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const end = (value: unknown) => (isObject(value) ? { device: text(own(value, 'device')), interface: text(own(value, 'interface')) } : { device: '', interface: '' });
  const vmOf = (value: unknown) => {
    const mode = isObject(value) ? own(value, 'mode') : undefined;
    return isObject(value) && isVmMode(mode) ? { host: text(own(value, 'host')), mode } : undefined;
  };
  return addressRealms({
    devices: (Array.isArray(devices) ? devices : []).filter(isObject).map((d) => ({ id: text(own(d, 'id')), kind: own(d, 'kind') as DeviceKind, vm: vmOf(own(d, 'vm')) })),
    links: (Array.isArray(links) ? links : []).filter(isObject).map((l) => ({ a: end(own(l, 'a')), b: end(own(l, 'b')) })),
  });
}

function readDevices(value: unknown, book: AddressBook, report: Report): DeviceDraft[] {
  if (!Array.isArray(value)) {
    report('$.devices', expected('"devices"', 'a list of devices', value));
    return [];
  }
  const drafts = value.map((item, i) => readDevice(item, `$.devices[${i}]`, `Device ${i + 1}`, book, report));

  const ids = new Map<string, number>();
  const names: string[] = [];
  drafts.forEach(({ id, name, label }, i) => {
    if (id !== undefined) {
      const first = ids.get(id);
      if (first === undefined) ids.set(id, i);
      else report(`$.devices[${i}].id`, `${label}: devices ${first + 1} and ${i + 1} both have the id "${id}": ids must be unique`);
    }
    if (name !== undefined) {
      const holder = names.find((other) => sameName(other, name));
      if (holder === undefined) names.push(name);
      else report(`$.devices[${i}].name`, nameTakenProblem(name, holder));
    }
  });
  drafts.forEach(({ vmHost, label }, i) => {
    if (vmHost === undefined) return;
    const host = drafts.find((d) => d.id === vmHost);
    // A host whose kind could not be read has its own problem already.
    if (host?.kind === 'computer' || (host && host.kind === undefined)) return;
    report(`$.devices[${i}].vm.host`, vmHostProblem(label, vmHost, host && { kind: host.kind!, name: host.label }));
  });
  return drafts;
}

function readDevice(item: unknown, path: string, fallbackLabel: string, book: AddressBook, report: Report): DeviceDraft {
  if (!isObject(item)) {
    report(path, expected(fallbackLabel, 'an object with an id, a kind, a name, a position and interfaces', item));
    return { label: fallbackLabel };
  }
  const [id, kind, name, position] = ['id', 'kind', 'name', 'position'].map((key) => own(item, key));
  const label = typeof name === 'string' && name !== '' ? name : typeof id === 'string' && id !== '' ? `Device "${id}"` : fallbackLabel;

  const goodId = typeof id === 'string' && id !== '' ? id : undefined;
  if (goodId === undefined) report(`${path}.id`, `${label}: ${expected('"id"', 'a non-empty text that names it in links, like "pc-1"', id)}`);

  const goodName = typeof name === 'string' && hostnameProblem(name) === undefined ? name : undefined;
  if (goodName === undefined) {
    report(`${path}.name`, `${label}: ${typeof name === 'string' ? hostnameProblem(name) : expected('"name"', 'a hostname like "PC-1"', name)}`);
  }

  const goodKind = isKind(kind) ? kind : undefined;
  if (goodKind === undefined) {
    const known = DEVICE_KINDS.join(', ');
    report(`${path}.kind`, `${label}: ${typeof kind === 'string' ? `"${kind}" is not a kind of device this version of Flintnet knows (${known})` : expected('"kind"', `one of ${known}`, kind)}`);
  }

  const goodPosition = isPosition(position) ? { x: position.x, y: position.y } : undefined;
  if (goodPosition === undefined) report(`${path}.position`, `${label}: ${position === undefined ? '"position" is missing' : `"position" is ${describe(position)}`}. ${POSITION_PROBLEM}`);

  const interfaces = readInterfaces(own(item, 'interfaces'), `${path}.interfaces`, label, goodKind, (interfaceName) => book.takenFor(goodId, interfaceName), report);
  const cleanInterfaces = interfaces?.flatMap((i) => i.doc ?? []) ?? [];
  const routes = readRoutes(own(item, 'routes'), `${path}.routes`, label, goodKind, cleanInterfaces, report);
  const dhcpServers = readDhcpServers(own(item, 'dhcpServers'), `${path}.dhcpServers`, label, goodKind, cleanInterfaces, report);
  const portForwards = readPortForwards(own(item, 'portForwards'), `${path}.portForwards`, label, goodKind, cleanInterfaces, report);
  const vm = checkVmField(label, goodKind, own(item, 'vm'));
  const services = checkServices({ deviceName: label, kind: goodKind }, own(item, 'services'));
  for (const problem of services.problems) report(`${path}.services${problem.path}`, `${label}: ${problem.message}`);
  const dnsServers = checkDnsServers({ deviceName: label, kind: goodKind }, own(item, 'dnsServers'));
  for (const problem of dnsServers.problems) report(`${path}.dnsServers${problem.path}`, `${label}: ${problem.message}`);
  for (const problem of vm.problems) report(`${path}.vm${problem.path === '' ? '' : `.${problem.path}`}`, `${label}: ${problem.message}`);
  const draft: DeviceDraft = { label, kind: goodKind, id: goodId, name: typeof name === 'string' && name !== '' ? name : undefined, interfaceNames: interfaces && new Set(interfaces.flatMap((i) => i.name ?? [])), vmHost: vm.clean?.host };
  if (goodId !== undefined && goodKind !== undefined && goodName !== undefined && goodPosition !== undefined && interfaces) {
    draft.doc = { id: goodId, kind: goodKind, name: goodName, position: goodPosition, interfaces: cleanInterfaces };
    if (routes) draft.doc.routes = routes;
    if (dhcpServers) draft.doc.dhcpServers = dhcpServers;
    if (portForwards) draft.doc.portForwards = portForwards;
    if (vm.clean) draft.doc.vm = vm.clean;
    if (services.clean) draft.doc.services = services.clean;
    if (dnsServers.clean) draft.doc.dnsServers = dnsServers.clean;
  }
  return draft;
}

/** A home router's port-forwarding rules, checked against its LAN. Absent stays absent. */
function readPortForwards(value: unknown, path: string, label: string, kind: DeviceKind | undefined, interfaces: InterfaceDoc[], report: Report): PortForwardDoc[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report(path, `${label}: ${expected('"portForwards"', 'a list of rules, like [{"protocol": "udp", "port": 5000, "to": "192.168.1.100"}]', value)}`);
    return undefined;
  }
  if (kind !== undefined && kind !== 'home-router') {
    if (value.length > 0) report(path, `${label}: only a home router forwards ports, and ${label} is a ${kind}`);
    return undefined;
  }
  const forwards: PortForwardDoc[] = [];
  value.forEach((item, j) => {
    const { problems, clean } = checkPortForward({ deviceName: label, interfaces }, item, forwards);
    if (problems.forward !== undefined) report(`${path}[${j}]`, `${label}: ${problems.forward}`);
    for (const field of PORT_FORWARD_FIELDS) {
      const problem = problems[field];
      if (problem !== undefined) report(`${path}[${j}].${field}`, `${label}: ${problem}`);
    }
    if (clean) forwards.push(clean);
  });
  return forwards;
}

/** DHCP server scopes, checked against the device's own (clean) interfaces and each other. Absent stays absent. */
function readDhcpServers(value: unknown, path: string, label: string, kind: DeviceKind | undefined, interfaces: InterfaceDoc[], report: Report): DhcpServerDoc[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report(path, `${label}: ${expected('"dhcpServers"', 'a list of scopes, like [{"interface": "eth0", "poolStart": "192.168.1.100", "poolEnd": "192.168.1.199"}]', value)}`);
    return undefined;
  }
  if (kind !== undefined && !takesDhcpServers(kind)) {
    if (value.length > 0) report(path, `${label}: ${noDhcpServersProblem(label, kind)}`);
    return undefined;
  }
  const scopes: DhcpServerDoc[] = [];
  value.forEach((item, j) => {
    const { problems, clean } = checkDhcpScope({ deviceName: label, interfaces }, item, scopes);
    for (const problem of problems) report(`${path}[${j}]${problem.path === '' ? '' : `.${problem.path}`}`, `${label}: ${problem.message}`);
    if (clean) scopes.push(clean);
  });
  return scopes;
}

/** Static routes, checked against the device's own (clean) interfaces. Absent stays absent. */
function readRoutes(value: unknown, path: string, label: string, kind: DeviceKind | undefined, interfaces: InterfaceDoc[], report: Report): RouteDoc[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    report(path, `${label}: ${expected('"routes"', 'a list of routes, like [{"destination": "10.0.2.0/24", "via": "10.0.0.2"}]', value)}`);
    return undefined;
  }
  if (kind !== undefined && !takesRoutes(kind)) {
    if (value.length > 0) report(path, `${label}: ${noRoutesProblem(label, kind)}`);
    return undefined;
  }
  const routes: RouteDoc[] = [];
  value.forEach((item, j) => {
    const { problems, clean } = checkRoute({ kind, deviceName: label, interfaces }, item, routes);
    if (problems.route !== undefined) report(`${path}[${j}]`, `${label}: ${problems.route}`);
    for (const field of ROUTE_FIELDS) {
      const problem = problems[field];
      if (problem !== undefined) report(`${path}[${j}].${field}`, `${label}: ${problem}`);
    }
    if (clean) routes.push(clean);
  });
  return routes;
}

function readInterfaces(value: unknown, path: string, label: string, kind: DeviceKind | undefined, takenFor: (interfaceName: string | undefined) => TakenAddresses, report: Report): { name?: string; doc?: InterfaceDoc }[] | undefined {
  if (!Array.isArray(value)) {
    report(path, `${label}: ${expected('"interfaces"', 'a list of interfaces, like [{"name": "eth0"}]', value)}`);
    return undefined;
  }
  if ((kind === 'computer' || kind === 'server' || kind === 'router' || kind === 'isp') && value.length === 0) report(path, `${label}: a ${kind} needs at least one interface, like eth0`);
  const vmInterfaces = kind === 'vm' ? vmInterfacesProblem(label, value.map((item) => (isObject(item) ? own(item, 'name') : undefined))) : undefined;
  if (vmInterfaces !== undefined) report(path, vmInterfaces);
  if (kind === 'home-router') {
    const names = value.map((item) => (isObject(item) ? own(item, 'name') : undefined));
    for (const needed of [HOME_ROUTER_WAN, HOME_ROUTER_LAN]) if (!names.includes(needed)) report(path, homeRouterMissingProblem(label, needed));
  }
  const seen = new Set<string>();
  return value.map((item, j) => {
    const at = `${path}[${j}]`;
    if (!isObject(item)) {
      report(at, `${label}: ${expected(`interface ${j + 1}`, 'an object with a "name"', item)}`);
      return {};
    }
    const name = own(item, 'name');
    const hasName = typeof name === 'string' && name !== '';
    if (!hasName) report(`${at}.name`, `${label}: ${expected(`interface ${j + 1}'s "name"`, 'a non-empty text like "eth0"', name)}`);
    else if (seen.has(name)) report(`${at}.name`, `${label} has two interfaces called "${name}": each needs its own name`);
    else seen.add(name);

    const ifLabel = interfaceLabel(label, hasName ? name : `interface ${j + 1}`);
    if (kind === 'home-router' && hasName && homeRouterRole(name) === undefined) report(`${at}.name`, homeRouterNameProblem(label, name));
    const taken = takenFor(hasName ? name : undefined);
    const { problems, clean } = checkInterfaceFields({ kind, deviceName: label, interfaceName: hasName ? name : undefined }, item, taken);
    for (const field of INTERFACE_FIELDS) {
      const problem = problems[field];
      if (problem !== undefined) report(`${at}.${field}`, `${ifLabel}: ${problem}`);
    }
    const addressing = checkAddressing({ kind, deviceName: label }, hasName ? name : '', { addressing: own(item, 'addressing'), ipv4: own(item, 'ipv4'), gateway: own(item, 'gateway') });
    for (const [field, problem] of Object.entries(addressing.problems)) report(`${at}.${field}`, `${ifLabel}: ${problem}`);
    recordTaken(taken, ifLabel, clean);
    const ipv6 = checkIpv6Field({ kind, deviceName: label }, own(item, 'ipv6'), taken);
    if (ipv6.problem !== undefined) report(`${at}.ipv6`, `${ifLabel}: ${ipv6.problem}`);
    recordTaken6(taken, ifLabel, ipv6.clean);
    return hasName ? { name, doc: { name, ...clean, ...(addressing.clean && { addressing: addressing.clean }), ...(ipv6.clean && { ipv6: ipv6.clean }) } } : {};
  });
}

function isKind(value: unknown): value is DeviceKind {
  return typeof value === 'string' && (DEVICE_KINDS as readonly string[]).includes(value);
}

// ---- Links

function readLinks(value: unknown, devices: DeviceDraft[], report: Report): LinkDoc[] {
  if (!Array.isArray(value)) {
    report('$.links', expected('"links"', 'a list of cables (it may be empty: [])', value));
    return [];
  }
  const byId = new Map<string, DeviceDraft>();
  for (const device of devices) if (device.id !== undefined && !byId.has(device.id)) byId.set(device.id, device);
  const linkIds = new Set<string>();
  /** "device id / interface" → cabled already. */
  const cabled = new Set<string>();
  const links: LinkDoc[] = [];

  value.forEach((item, i) => {
    const path = `$.links[${i}]`;
    if (!isObject(item)) return report(path, expected(`Link ${i + 1}`, 'an object with an id, ends "a" and "b", a medium, bandwidthBps and delayNs', item));
    const id = own(item, 'id');
    const goodId = typeof id === 'string' && id !== '' ? id : undefined;
    const label = goodId === undefined ? `Link ${i + 1}` : `Link "${goodId}"`;
    const found = { problems: 0 };
    const note: Report = (at, message) => {
      found.problems++;
      report(at, `${label}: ${message}`);
    };
    if (goodId === undefined) note(`${path}.id`, expected('"id"', 'a non-empty text like "l1"', id));
    else if (linkIds.has(goodId)) note(`${path}.id`, `another link already has the id "${goodId}": ids must be unique`);
    else linkIds.add(goodId);

    const a = readEnd(own(item, 'a'), `${path}.a`, 'a', byId, note);
    const b = readEnd(own(item, 'b'), `${path}.b`, 'b', byId, note);
    if (a && b && a.end.device === b.end.device && a.end.interface === b.end.interface) {
      note(path, `a cable cannot go from ${a.label} back to itself`);
    } else {
      for (const [end, side] of [[a, 'a'], [b, 'b']] as const) {
        if (!end) continue;
        const key = `${end.end.device}/${end.end.interface}`;
        if (cabled.has(key)) note(`${path}.${side}`, cabledProblem(end.label));
        cabled.add(key);
      }
    }

    const [medium, bandwidthBps, delayNs] = ['medium', 'bandwidthBps', 'delayNs'].map((key) => own(item, key));
    const goodMedium = isLinkMedium(medium) ? medium : undefined;
    if (goodMedium === undefined) {
      const known = LINK_MEDIA_ORDER.join(', ');
      note(`${path}.medium`, typeof medium === 'string' ? `"${medium}" is not a kind of cable this version of Flintnet knows (${known})` : expected('"medium"', `one of ${known}`, medium));
    }
    const goodBandwidth = typeof bandwidthBps === 'number' && bandwidthProblem(bandwidthBps) === undefined ? bandwidthBps : undefined;
    if (goodBandwidth === undefined) note(`${path}.bandwidthBps`, typeof bandwidthBps === 'number' ? bandwidthProblem(bandwidthBps)! : expected('"bandwidthBps"', 'a speed in bits per second, like 1000000000', bandwidthBps));
    const goodDelay = typeof delayNs === 'number' && delayProblem(delayNs) === undefined ? delayNs : undefined;
    if (goodDelay === undefined) note(`${path}.delayNs`, typeof delayNs === 'number' ? delayProblem(delayNs)! : expected('"delayNs"', 'a whole number of nanoseconds, like 1000', delayNs));
    const lossRate = own(item, 'lossRate');
    if (lossRate !== undefined && lossRateProblem(lossRate) !== undefined) note(`${path}.lossRate`, lossRateProblem(lossRate)!);
    const reorderRate = own(item, 'reorderRate');
    if (reorderRate !== undefined && reorderRateProblem(reorderRate) !== undefined) note(`${path}.reorderRate`, reorderRateProblem(reorderRate)!);

    if (found.problems === 0 && goodId !== undefined && a && b && goodMedium !== undefined && goodBandwidth !== undefined && goodDelay !== undefined) {
      links.push({ id: goodId, a: a.end, b: b.end, medium: goodMedium, bandwidthBps: goodBandwidth, delayNs: goodDelay, ...(lossRate === undefined ? {} : { lossRate: lossRate as number }), ...(reorderRate === undefined ? {} : { reorderRate: reorderRate as number }) });
    }
  });
  return links;
}

function readEnd(value: unknown, path: string, side: 'a' | 'b', byId: Map<string, DeviceDraft>, note: Report): { end: LinkEnd; label: string } | undefined {
  if (!isObject(value)) {
    note(path, expected(`end "${side}"`, 'an object like {"device": "pc-1", "interface": "eth0"}', value));
    return undefined;
  }
  const device = own(value, 'device');
  const iface = own(value, 'interface');
  if (typeof device !== 'string') note(`${path}.device`, expected(`end "${side}"'s "device"`, 'the id of a device', device));
  if (typeof iface !== 'string') note(`${path}.interface`, expected(`end "${side}"'s "interface"`, 'the name of an interface, like "eth0"', iface));
  if (typeof device !== 'string' || typeof iface !== 'string') return undefined;
  const draft = byId.get(device);
  if (draft === undefined) {
    note(`${path}.device`, noDeviceProblem(device));
    return undefined;
  }
  if (draft.interfaceNames === undefined) return undefined;
  if (!draft.interfaceNames.has(iface)) {
    note(`${path}.interface`, noInterfaceProblem(draft.label, iface));
    return undefined;
  }
  if (draft.kind === 'home-router' && homeRouterRole(iface) === 'lan') {
    note(`${path}.interface`, lanCableProblem(draft.label));
    return undefined;
  }
  if (draft.kind === 'vm') {
    note(`${path}.device`, vmCableProblem(draft.label));
    return undefined;
  }
  return { end: { device, interface: iface }, label: interfaceLabel(draft.label, iface) };
}

// ---- Reading JSON values

