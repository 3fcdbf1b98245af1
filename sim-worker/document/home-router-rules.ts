/**
 * The rules of a home router in the document: its interfaces (`wan` to the
 * ISP, `lan` the router's own side of its built-in switch, `port1`… the
 * switch's sockets), what each takes, and its port-forwarding rules.
 * validate.ts, edits.ts and port-forward-edits.ts all use these.
 */
import { formatCidr, formatIpv4, hostAddressProblem, inSubnet, networkOf, parseCidr, parseIpv4 } from '../wire/address';
import { fieldText } from './rules';
import type { DeviceKind, PortForwardDoc } from './schema';

export const HOME_ROUTER_WAN = 'wan';
export const HOME_ROUTER_LAN = 'lan';
/** Most home routers have four LAN sockets. */
export const HOME_ROUTER_PORTS = 4;

export type HomeRouterRole = 'wan' | 'lan' | 'port';

export function homeRouterPortName(n: number): string {
  return `port${n}`;
}

/** What an interface of a home router is, by its name; undefined for a name a home router has no interface by. */
export function homeRouterRole(name: string | undefined): HomeRouterRole | undefined {
  if (name === HOME_ROUTER_WAN) return 'wan';
  if (name === HOME_ROUTER_LAN) return 'lan';
  return name !== undefined && /^port[1-9]\d*$/.test(name) ? 'port' : undefined;
}

export function homeRouterNameProblem(deviceName: string, name: string): string {
  return `${deviceName} is a home router: its interfaces are "wan" (to the ISP), "lan" (the router's side of its built-in switch) and the switch's ports "port1" to "port${HOME_ROUTER_PORTS}", not "${name}"`;
}

export function homeRouterMissingProblem(deviceName: string, name: string): string {
  return name === HOME_ROUTER_WAN
    ? `${deviceName} is a home router and needs its "wan" interface, the one facing the ISP`
    : `${deviceName} is a home router and needs its "lan" interface, the router's own side of its built-in switch`;
}

/** `lan` is inside the box: the learner plugs computers into the ports and the ISP into `wan`. */
export function lanCableProblem(deviceName: string): string {
  return `${deviceName} lan is the router's own side of its built-in switch, inside the box: it has no socket for a cable. Plug computers into port1 to port${HOME_ROUTER_PORTS} and the ISP into wan`;
}

export function lanGatewayProblem(deviceName: string): string {
  return `${deviceName} lan is the gateway of its LAN: it takes no gateway itself. The way out is the gateway of "wan", towards the ISP`;
}

export function portAddressProblem(deviceName: string, name: string): string {
  return `${deviceName} ${name} is a port of the built-in switch: it only passes frames along, so it takes no IP address or gateway. The router's LAN address goes on "lan"`;
}

// ---- Port forwarding

export type PortForwardField = 'protocol' | 'port' | 'to' | 'toPort';
export const PORT_FORWARD_FIELDS: readonly PortForwardField[] = ['protocol', 'port', 'to', 'toPort'];
/** One message per bad field; `forward` is about the rule as a whole. */
export type PortForwardProblems = Partial<Record<PortForwardField | 'forward', string>>;

export interface PortForwardOwner {
  deviceName: string;
  interfaces: readonly { name: string; ipv4?: string }[];
}

/**
 * Checks one port-forwarding rule against the home router's LAN network and
 * the rules before it; returns a message per bad field, and the rule in
 * canonical form when it has none.
 */
export function checkPortForward(owner: PortForwardOwner, input: unknown, earlier: readonly PortForwardDoc[]): { problems: PortForwardProblems; clean?: PortForwardDoc } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problems: { forward: 'A port-forwarding rule should be an object like {"protocol": "udp", "port": 5000, "to": "192.168.1.100"}' } };
  }
  const fields = input as Record<string, unknown>;
  const value = (field: PortForwardField) => (Object.hasOwn(fields, field) ? fields[field] : undefined);
  const problems: PortForwardProblems = {};

  const protocol = fieldText(value('protocol'))?.toLowerCase();
  if (protocol !== 'udp' && protocol !== 'tcp') problems.protocol = `A port-forwarding rule is for "udp" or "tcp"${protocol === undefined ? '' : `, not "${protocol}"`}: ICMP has no ports to forward`;

  const port = portNumber(value('port'), 'The port on the WAN address');
  if (typeof port === 'string') problems.port = port;
  const toPortRaw = value('toPort');
  const toPort = toPortRaw === undefined ? undefined : portNumber(toPortRaw, 'The port on the computer inside');
  if (typeof toPort === 'string') problems.toPort = toPort;

  const lan = owner.interfaces.find((i) => i.name === 'lan')?.ipv4;
  const network = lan === undefined ? undefined : parseCidr(lan);
  const toText = fieldText(value('to'));
  const to = toText === undefined ? undefined : parseIpv4(toText);
  if (!to) problems.to = 'A port-forwarding rule needs the LAN address of the computer it sends to ("to"), like 192.168.1.100';
  else if (!to.ok) problems.to = to.error;
  else if (!network?.ok) problems.to = `${owner.deviceName} lan has no IPv4 address yet, so there is no LAN to forward into: give lan an address first`;
  else {
    const subnet = formatCidr({ address: networkOf(network.value), prefix: network.value.prefix });
    const address = formatIpv4(to.value);
    if (!inSubnet(to.value, network.value)) problems.to = `${address} is not on ${owner.deviceName}'s LAN ${subnet}: a home router forwards only to a computer on its own LAN`;
    else if (to.value === network.value.address) problems.to = `${address} is ${owner.deviceName}'s own LAN address: forward to a computer on the LAN instead`;
    else if (hostAddressProblem({ address: to.value, prefix: network.value.prefix }) !== undefined) problems.to = `${address} is the network or broadcast address of ${subnet}, not a computer's`;
  }

  if (Object.keys(problems).length > 0 || typeof port !== 'number' || !to?.ok || typeof toPort === 'string') return { problems };
  const clean: PortForwardDoc = { protocol: protocol as 'udp' | 'tcp', port, to: formatIpv4(to.value) };
  if (toPort !== undefined) clean.toPort = toPort;
  const twin = earlier.find((f) => f.protocol === clean.protocol && f.port === clean.port);
  if (twin) return { problems: { forward: `${clean.protocol.toUpperCase()} port ${clean.port} is already forwarded to ${twin.to}: one rule per port` } };
  return { problems, clean };
}

function portNumber(raw: unknown, what: string): number | string {
  const text = fieldText(raw);
  const n = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= 65535 ? n : `${what} must be a whole number from 1 to 65535, like 5000${text === undefined ? '' : `, not ${text}`}`;
}

export function fixedInterfacesProblem(deviceName: string): string {
  return `${deviceName} is a home router: it comes with its interfaces (wan, lan and port1 to port${HOME_ROUTER_PORTS}) and takes no more`;
}

/**
 * Which of a home router's interfaces a new cable goes to, best first, when
 * the learner does not say: a router or ISP goes to `wan`, anything else to
 * the built-in switch's ports. Never `lan`, which has no socket.
 */
export function cableOrder<T extends { name: string }>(interfaces: readonly T[], peerKind: DeviceKind): T[] {
  const upstream = peerKind === 'router' || peerKind === 'isp' || peerKind === 'home-router';
  const rank = (i: T) => (homeRouterRole(i.name) === 'wan' ? (upstream ? 0 : 2) : 1);
  return interfaces.filter((i) => homeRouterRole(i.name) !== 'lan').sort((a, b) => rank(a) - rank(b));
}
