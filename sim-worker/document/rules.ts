/**
 * The rules a device name, an interface's addresses and a cable end follow.
 * validate.ts (a whole document from disk or a lesson) and edits.ts (one change
 * from the inspector) both use these, so both refuse the same things in the same words.
 */
import { formatCidr, formatIpv4, hostAddressProblem, inSubnet, isGroupMac, networkOf, parseCidr, parseIpv4, parseMac, prefixMask, ZERO_MAC, type Ipv4Cidr } from '../wire/address';
import type { Parsed } from '../wire/fields';
import { checkRoute6, isIpv6Route, recordTaken6 } from './rules6';
import { addressRealms } from './address-realms';
import { homeRouterRole, lanGatewayProblem, portAddressProblem } from './home-router-rules';
import type { DeviceKind, NetworkDocument, Position, RouteDoc } from './schema';

// ---- Devices

/** A host name label (RFC 1123 §2.1): letters, digits and inner hyphens, 1 to 63 characters. */
export function hostnameProblem(name: string): string | undefined {
  if (name === '') return 'A device needs a name, like PC-1';
  if (name.length > 63) return `"${name}" is too long for a hostname: use at most 63 characters`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return `"${name}" cannot be a hostname: use only letters, digits and hyphens, like PC-1`;
  if (name.startsWith('-') || name.endsWith('-')) return `"${name}" cannot be a hostname: it must not start or end with a hyphen`;
  return undefined;
}

/** Host names do not care about capital letters. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function nameTakenProblem(name: string, holder: string): string {
  return `"${name}" is taken: ${holder} already has that name (capital letters do not count)`;
}

export function isPosition(value: unknown): value is Position {
  if (typeof value !== 'object' || value === null) return false;
  const { x, y } = value as Record<string, unknown>;
  return typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y);
}

export const POSITION_PROBLEM = 'A position needs x and y as plain numbers, like {"x": 0, "y": 0}';

// ---- Cables

export function interfaceLabel(deviceName: string, interfaceName: string): string {
  return `${deviceName} ${interfaceName}`;
}

export function noDeviceProblem(deviceId: string): string {
  return `There is no device with id "${deviceId}"`;
}

export function noInterfaceProblem(deviceName: string, interfaceName: string): string {
  return `${deviceName} has no interface "${interfaceName}"`;
}

export function cabledProblem(label: string): string {
  return `${label} already has a cable: remove it first`;
}

// ---- Interface addresses

export type InterfaceField = 'mac' | 'ipv4' | 'gateway';
export const INTERFACE_FIELDS: readonly InterfaceField[] = ['mac', 'ipv4', 'gateway'];
/** Field values as given; anything that is not text is checked as the text it would read as. */
export type InterfaceInput = Partial<Record<InterfaceField, unknown>>;
export type InterfaceValues = Partial<Record<InterfaceField, string>>;
export type InterfaceProblems = Partial<Record<InterfaceField, string>>;

export interface InterfaceOwner {
  /** Undefined when the kind itself is wrong: the kind's own rules are then skipped. */
  kind: DeviceKind | undefined;
  deviceName: string;
  /** The interface being checked: on a home router, `wan`, `lan` and the switch ports follow different rules. */
  interfaceName?: string;
}

/** Addresses other interfaces in the document already use, and by whom ("PC-2 eth0"). */
export interface TakenAddresses {
  macs: Map<string, string>;
  ipv4s: Map<number, string>;
  ipv6s: Map<bigint, string>;
}

export function noTakenAddresses(): TakenAddresses {
  return { macs: new Map(), ipv4s: new Map(), ipv6s: new Map() };
}

/** Notes a checked interface's clean addresses as taken. */
export function recordTaken(taken: TakenAddresses, label: string, clean: InterfaceValues): void {
  if (clean.mac !== undefined && !taken.macs.has(clean.mac)) taken.macs.set(clean.mac, label);
  const cidr = clean.ipv4 === undefined ? undefined : parseCidr(clean.ipv4);
  if (cidr?.ok && !taken.ipv4s.has(cidr.value.address)) taken.ipv4s.set(cidr.value.address, label);
}

/**
 * Every address in a (valid) document except those of one interface: its
 * MAC and IPv6 addresses are unique in the whole document, its IPv4 address
 * in its address realm (address-realms.ts).
 */
export function takenAddresses(doc: NetworkDocument, exceptDevice: string, exceptInterface: string): TakenAddresses {
  const taken = noTakenAddresses();
  const realmOf = addressRealms(doc);
  const realm = realmOf(exceptDevice, exceptInterface);
  for (const device of doc.devices) {
    for (const iface of device.interfaces) {
      if (device.id === exceptDevice && iface.name === exceptInterface) continue;
      recordTaken(taken, interfaceLabel(device.name, iface.name), realmOf(device.id, iface.name) === realm ? iface : { mac: iface.mac });
      recordTaken6(taken, interfaceLabel(device.name, iface.name), iface.ipv6);
    }
  }
  return taken;
}

/** The text of a field, trimmed; undefined when absent, null or blank. */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = typeof value;
  }
  return text.trim() === '' ? undefined : text.trim();
}

function carriesAddresses(kind: DeviceKind | undefined): boolean {
  return kind === undefined || kind === 'computer' || kind === 'server' || kind === 'vm' || kind === 'router' || kind === 'isp' || kind === 'home-router';
}

/** Kinds whose every interface is a network card with its own MAC address (a VM's virtual card too). (A home router's `wan` and `lan` have one; its switch ports do not.) */
export function needsMacs(kind: DeviceKind | undefined): boolean {
  return kind === 'computer' || kind === 'server' || kind === 'vm' || kind === 'router' || kind === 'isp';
}

/**
 * Checks one interface's MAC, IPv4 address and gateway against each other and
 * against the addresses already taken. Returns a message per bad field and the
 * canonical form of every good one.
 */
export function checkInterfaceFields(owner: InterfaceOwner, input: InterfaceInput, taken: TakenAddresses): { problems: InterfaceProblems; clean: InterfaceValues } {
  const problems: InterfaceProblems = {};
  const clean: InterfaceValues = {};
  const [macText, ipv4Text, gatewayText] = INTERFACE_FIELDS.map((field) => fieldText(input[field]));
  const role = owner.kind === 'home-router' ? homeRouterRole(owner.interfaceName) : undefined;
  const noAddresses = role === 'port' ? portAddressProblem(owner.deviceName, owner.interfaceName!) : `${owner.deviceName} is a ${owner.kind}: its ports only pass frames along, so they take no IP address or gateway`;
  const addressed = carriesAddresses(owner.kind) && role !== 'port';

  const mac = macText === undefined ? requiredMac(owner) : checkMac(macText, taken);
  if (mac?.ok) clean.mac = mac.value;
  else if (mac) problems.mac = mac.error;

  // The gateway is judged against any address that parses, even one refused for other reasons.
  const cidr = ipv4Text === undefined ? undefined : parseInterfaceCidr(ipv4Text);
  if (cidr) {
    const problem = !addressed ? noAddresses : cidr.ok ? ipv4Problem(cidr.value, taken) : cidr.error;
    if (problem !== undefined) problems.ipv4 = problem;
    else if (cidr.ok) clean.ipv4 = formatCidr(cidr.value);
  }

  if (gatewayText !== undefined) {
    const noGateway = `${owner.deviceName} is a router: its interfaces take no gateway. Give it a route instead (0.0.0.0/0 is the default route)`;
    const checked = owner.kind === 'router' || owner.kind === 'isp' ? fail(noGateway) : role === 'lan' ? fail(lanGatewayProblem(owner.deviceName)) : addressed ? checkGateway(owner, gatewayText, cidr) : fail(noAddresses);
    if (checked.ok) clean.gateway = formatIpv4(checked.value);
    else problems.gateway = checked.error;
  }
  return { problems, clean };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function requiredMac(owner: InterfaceOwner): Parsed<string> | undefined {
  const card = needsMacs(owner.kind) || (owner.kind === 'home-router' && (owner.interfaceName === 'wan' || owner.interfaceName === 'lan'));
  return card ? fail(`${owner.deviceName} needs a MAC address on every interface, like 02:00:00:00:00:0a`) : undefined;
}

function checkMac(text: string, taken: TakenAddresses): Parsed<string> {
  const mac = parseMac(text);
  if (!mac.ok) return mac;
  // A network card's own address is never all zeros or a group address (IEEE 802, I/G bit).
  if (mac.value === ZERO_MAC) return fail(`${ZERO_MAC} is not a usable MAC address: try 02:00:00:00:00:0a`);
  if (isGroupMac(mac.value)) return fail(`${mac.value} is a group (multicast) address: a network card needs its own, with an even first byte, like 02:00:00:00:00:0a`);
  const holder = taken.macs.get(mac.value);
  if (holder !== undefined) return fail(`${mac.value} is already used by ${holder}: every network card needs its own MAC address`);
  return mac;
}

function parseInterfaceCidr(text: string): Parsed<Ipv4Cidr> {
  if (!text.includes('/') && parseIpv4(text).ok) return fail(`"${text}" needs a prefix length to say how big its network is: add one like /24 (${text}/24)`);
  return parseCidr(text);
}

function ipv4Problem(cidr: Ipv4Cidr, taken: TakenAddresses): string | undefined {
  const address = formatIpv4(cidr.address);
  const first = cidr.address >>> 24;
  if (first === 0) return `${address} is in 0.0.0.0/8, which means "this network" and is never given to an interface`;
  if (first === 127) return `${address} is a loopback address, used only inside one machine: pick another, like 192.168.1.10/24`;
  if (first >= 224) return `${address} is a multicast or reserved address: pick one below 224.0.0.0, like 192.168.1.10/24`;
  const holder = taken.ipv4s.get(cidr.address);
  return hostAddressProblem(cidr) ?? (holder === undefined ? undefined : sharedAddressProblem(address, holder));
}

/** Two interfaces of one network with one IPv4 address. */
export function sharedAddressProblem(address: string, holder: string): string {
  return `${address} is already used by ${holder}: two interfaces in one network cannot share an address (behind different NATs they can)`;
}

function checkGateway(owner: InterfaceOwner, text: string, cidr: Parsed<Ipv4Cidr> | undefined): Parsed<number> {
  const gateway = parseIpv4(text);
  if (!gateway.ok) return gateway;
  if (cidr === undefined) return fail(`Give this interface an IPv4 address first: the gateway ${formatIpv4(gateway.value)} must be in its network`);
  // An address that does not parse is reported on its own field; the gateway cannot be judged against it.
  if (!cidr.ok) return gateway;
  const { address: own, prefix } = cidr.value;
  const address = formatIpv4(gateway.value);
  const subnet = `${formatIpv4(networkOf(cidr.value))}/${prefix}`;
  if (gateway.value === own) return fail(`${address} is this interface's own address: the gateway is another device on ${subnet}, usually its router`);
  if (!inSubnet(gateway.value, cidr.value)) return fail(`${address} is not in ${subnet}, so ${owner.deviceName} could not reach it`);
  if (hostAddressProblem({ address: gateway.value, prefix }) !== undefined) return fail(`${address} is the network or broadcast address of ${subnet}, not a router's`);
  return gateway;
}

// ---- Static routes

export type RouteField = 'destination' | 'via' | 'interface' | 'metric';
export const ROUTE_FIELDS: readonly RouteField[] = ['destination', 'via', 'interface', 'metric'];
/** A route's fields as given; as with interfaces, anything not text is checked as the text it would read as. */
export type RouteInput = Partial<Record<RouteField, unknown>>;
/** One message per bad field; `route` is about the route as a whole (not a route at all, or a duplicate). */
export type RouteProblems = Partial<Record<RouteField | 'route', string>>;

/** What the route rules need to know of the device: its kind, its name and its interfaces' (clean) addresses. */
export interface RouteOwner {
  kind: DeviceKind | undefined;
  deviceName: string;
  interfaces: readonly { name: string; ipv4?: string; ipv6?: string }[];
}

/** Routers, ISPs, home routers, computers and VMs (Linux hosts) take static routes; switches and hubs do not look at IP at all. */
export function takesRoutes(kind: DeviceKind | undefined): boolean {
  return kind === undefined || kind === 'computer' || kind === 'server' || kind === 'vm' || kind === 'router' || kind === 'isp' || kind === 'home-router';
}

export function noRoutesProblem(deviceName: string, kind: DeviceKind): string {
  return `${deviceName} is a ${kind}: it does not route packets, so it takes no routes`;
}

/** "the route to 10.0.2.0/24 via 10.0.0.2", for messages. */
export function routeLabel(route: { destination?: unknown; via?: unknown }): string {
  const destination = fieldText(route.destination);
  const via = fieldText(route.via);
  return `the route${destination === undefined ? '' : ` to ${destination}`}${via === undefined ? '' : ` via ${via}`}`;
}

const MAX_METRIC = 0xffffffff;

/**
 * Checks one static route against the device's interfaces and the routes
 * before it. Returns a message per bad field, and the route in canonical form
 * when it has none.
 */
export function checkRoute(owner: RouteOwner, input: unknown, earlier: readonly RouteDoc[]): { problems: RouteProblems; clean?: RouteDoc } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problems: { route: 'A route should be an object like {"destination": "10.0.2.0/24", "via": "10.0.0.2"}' } };
  }
  const fields = input as RouteInput;
  if (isIpv6Route(fields)) return checkRoute6(owner, fields, earlier);
  const value = (field: RouteField) => (Object.hasOwn(fields, field) ? fieldText(fields[field]) : undefined);
  const problems: RouteProblems = {};
  const networks = owner.interfaces.flatMap((i) => {
    const cidr = i.ipv4 === undefined ? undefined : parseCidr(i.ipv4);
    return cidr?.ok ? [{ name: i.name, cidr: cidr.value }] : [];
  });

  const destination = checkDestination(value('destination'));
  if (!destination.ok) problems.destination = destination.error;

  const interfaceName = value('interface');
  const exit = interfaceName === undefined ? undefined : owner.interfaces.find((i) => i.name === interfaceName);
  if (interfaceName !== undefined && !exit) problems.interface = noInterfaceProblem(owner.deviceName, interfaceName);

  const viaText = value('via');
  const via = viaText === undefined ? fail('A route needs the next router to send to ("via"), like 10.0.0.2') : parseIpv4(viaText);
  if (!via.ok) problems.via = via.error;
  else {
    const own = networks.find((n) => n.cidr.address === via.value);
    const onLink = networks.filter((n) => inSubnet(via.value, n.cidr) && (!exit || n.name === exit.name));
    const address = formatIpv4(via.value);
    if (own) problems.via = `${address} is ${owner.deviceName}'s own address (${own.name}): the next router is another device on one of its networks`;
    else if (exit && !networks.some((n) => n.name === exit.name)) problems.via = `${exit.name} has no IPv4 address, so ${owner.deviceName} could not reach ${address} through it`;
    else if (exit && onLink.length === 0) problems.via = `${address} is not on ${exit.name}'s network ${subnetText(networks.find((n) => n.name === exit.name)!.cidr)}, so ${owner.deviceName} could not reach it through ${exit.name}`;
    else if (networks.length === 0) problems.via = `${owner.deviceName} has no IPv4 address yet, so it could not reach ${address}: give one of its interfaces an address first`;
    else if (onLink.length === 0) problems.via = `${address} is not on any of ${owner.deviceName}'s networks, so ${owner.deviceName} could not reach it`;
    else if (hostAddressProblem({ address: via.value, prefix: onLink[0].cidr.prefix }) !== undefined) problems.via = `${address} is the network or broadcast address of ${subnetText(onLink[0].cidr)}, not a router's`;
  }

  const metricText = value('metric');
  const metric = metricText === undefined ? undefined : /^\d+$/.test(metricText) && Number(metricText) <= MAX_METRIC ? Number(metricText) : NaN;
  if (Number.isNaN(metric)) problems.metric = `The metric must be a whole number from 0 to ${MAX_METRIC}, like 10 (among routes of the same length, the lowest wins), not ${metricText}`;

  if (Object.keys(problems).length > 0 || !destination.ok || !via.ok) return { problems };
  const clean: RouteDoc = { destination: destination.value, via: formatIpv4(via.value) };
  if (exit) clean.interface = exit.name;
  if (metric !== undefined) clean.metric = metric;
  if (earlier.some((r) => r.destination === clean.destination && r.via === clean.via)) {
    return { problems: { route: `${owner.deviceName} already has a route to ${clean.destination} via ${clean.via}` } };
  }
  return { problems, clean };
}

/** A network address with its prefix; "default" is read as 0.0.0.0/0. */
function checkDestination(text: string | undefined): Parsed<string> {
  if (text === undefined) return fail('A route needs a destination network, like 10.0.2.0/24 (or 0.0.0.0/0 for everything else)');
  if (text.toLowerCase() === 'default') return { ok: true, value: '0.0.0.0/0' };
  if (!text.includes('/') && parseIpv4(text).ok) return fail(`"${text}" needs a prefix length to say how big the network is: add one like /24 (${text}/24)`);
  const cidr = parseCidr(text);
  if (!cidr.ok) return cidr;
  if (networkOf(cidr.value) !== cidr.value.address) {
    const hostBits = 32 - cidr.value.prefix;
    const bits = formatIpv4((cidr.value.address & ~prefixMask(cidr.value.prefix)) >>> 0);
    return fail(`${formatCidr(cidr.value)} is not a network address: with /${cidr.value.prefix} the last ${hostBits} bit${hostBits === 1 ? '' : 's'} (the host part) must be 0, but here ${hostBits === 1 ? 'it is' : 'they are'} ${bits}. Write ${subnetText(cidr.value)}`);
  }
  return { ok: true, value: formatCidr(cidr.value) };
}

function subnetText(cidr: Ipv4Cidr): string {
  return formatCidr({ address: networkOf(cidr), prefix: cidr.prefix });
}
