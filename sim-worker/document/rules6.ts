/**
 * The rules an interface's IPv6 address and an IPv6 static route follow, in
 * the style of rules.ts (which hands IPv6 routes over to `checkRoute6`).
 */
import { formatCidr6, formatIpv6, type Ipv6Cidr, inSubnet6, isLinkLocal6, isMulticast6, networkOf6, parseCidr6, parseIpv6, subnetText6 } from '../wire/address6';
import type { Parsed } from '../wire/fields';
import type { DeviceKind, RouteDoc } from './schema';
import type { RouteInput, RouteOwner, RouteProblems, TakenAddresses } from './rules';
import { fieldText, noInterfaceProblem } from './rules';

const KINDS_WITH_IP: readonly (DeviceKind | undefined)[] = [undefined, 'computer', 'server', 'router', 'isp', 'home-router', 'vm'];

/** An interface's static IPv6 address: a problem, or the address in RFC 5952 form with its prefix. */
export function checkIpv6Field(owner: { kind: DeviceKind | undefined; deviceName: string }, value: unknown, taken: TakenAddresses): { problem?: string; clean?: string } {
  const text = fieldText(value);
  if (text === undefined) return {};
  if (!KINDS_WITH_IP.includes(owner.kind)) return { problem: `${owner.deviceName} is a ${owner.kind}: its ports only pass frames along, so they take no IPv6 address` };
  if (!text.includes('/') && parseIpv6(text).ok) return { problem: `"${text}" needs a prefix length to say how big its network is: add one like /64 (${text}/64)` };
  const cidr = parseCidr6(text);
  if (!cidr.ok) return { problem: cidr.error };
  const problem = ipv6AddressProblem(cidr.value);
  if (problem !== undefined) return { problem };
  const holder = taken.ipv6s.get(cidr.value.address);
  if (holder !== undefined) return { problem: `${formatIpv6(cidr.value.address)} is already used by ${holder}: two interfaces cannot share an address` };
  return { clean: formatCidr6(cidr.value) };
}

/** Why an address cannot be an interface's, or undefined when it can. */
function ipv6AddressProblem(cidr: Ipv6Cidr): string | undefined {
  const address = formatIpv6(cidr.address);
  if (cidr.address === 0n) return ':: is the unspecified address, never an interface\'s: try one like 2001:db8:1::10/64';
  if (cidr.address === 1n) return '::1 is the loopback address, used only inside one machine: try one like 2001:db8:1::10/64';
  if (isMulticast6(cidr.address)) return `${address} is a multicast address (ff00::/8): an interface needs a unicast one, like 2001:db8:1::10/64`;
  if (isLinkLocal6(cidr.address)) return `${address} is link-local (fe80::/10): every interface makes its own from its MAC address, so give it a global one, like 2001:db8:1::10/64`;
  if (cidr.address >> 32n === 0xffffn) return `${address} is an IPv4-mapped address, which stands for an IPv4 one: give the interface an IPv6 address, like 2001:db8:1::10/64`;
  if (cidr.prefix === 0) return '/0 would put the whole internet on this link: use a prefix like /64';
  return undefined;
}

export function recordTaken6(taken: TakenAddresses, label: string, clean: string | undefined): void {
  const cidr = clean === undefined ? undefined : parseCidr6(clean);
  if (cidr?.ok && !taken.ipv6s.has(cidr.value.address)) taken.ipv6s.set(cidr.value.address, label);
}

/** A route whose destination is written as IPv6 is checked by `checkRoute6`. */
export function isIpv6Route(input: RouteInput): boolean {
  return fieldText(input.destination)?.includes(':') ?? false;
}

/**
 * Checks an IPv6 static route, as `ip -6 route add`: the destination a
 * network with its host bits zero; the next router either a link-local
 * address with the interface named (link-local addresses are the same on
 * every link), or an address on one of the device's IPv6 prefixes.
 */
export function checkRoute6(owner: RouteOwner, fields: RouteInput, earlier: readonly RouteDoc[]): { problems: RouteProblems; clean?: RouteDoc } {
  const problems: RouteProblems = {};
  const value = (field: keyof RouteInput) => (Object.hasOwn(fields, field) ? fieldText(fields[field]) : undefined);
  const prefixes = owner.interfaces.flatMap((i) => {
    const cidr = i.ipv6 === undefined ? undefined : parseCidr6(i.ipv6);
    return cidr?.ok ? [{ name: i.name, cidr: cidr.value }] : [];
  });
  const destination = checkDestination6(value('destination')!);
  if (!destination.ok) problems.destination = destination.error;
  const interfaceName = value('interface');
  const exit = interfaceName === undefined ? undefined : owner.interfaces.find((i) => i.name === interfaceName);
  if (interfaceName !== undefined && !exit) problems.interface = noInterfaceProblem(owner.deviceName, interfaceName);

  const viaText = value('via');
  const via: Parsed<bigint> = viaText === undefined ? { ok: false, error: 'A route needs the next router to send to ("via"), like 2001:db8:0:1::2 or fe80::1' } : parseIpv6(viaText);
  if (!via.ok) problems.via = via.error;
  else {
    const address = formatIpv6(via.value);
    const onLink = prefixes.filter((p) => inSubnet6(via.value, p.cidr) && (!exit || p.name === exit.name));
    if (prefixes.some((p) => p.cidr.address === via.value)) problems.via = `${address} is ${owner.deviceName}'s own address: the next router is another device on one of its links`;
    else if (isMulticast6(via.value)) problems.via = `${address} is a multicast address: the next router is one device, with a unicast address`;
    else if (isLinkLocal6(via.value)) {
      if (!exit) problems.via = `${address} is link-local, and every link has fe80:: addresses: say which interface leads to it`;
    } else if (onLink.length === 0) {
      const where = exit ? `${exit.name}'s IPv6 prefix${prefixes.some((p) => p.name === exit.name) ? ` ${subnetText6(prefixes.find((p) => p.name === exit.name)!.cidr)}` : ' (it has none)'}` : `any of ${owner.deviceName}'s IPv6 prefixes`;
      problems.via = `${address} is not on ${where}, so ${owner.deviceName} could not reach it`;
    }
  }

  const metricText = value('metric');
  const metric = metricText === undefined ? undefined : /^\d+$/.test(metricText) && Number(metricText) <= 0xffffffff ? Number(metricText) : NaN;
  if (Number.isNaN(metric)) problems.metric = `The metric must be a whole number from 0 to 4294967295, like 1024 (among routes of the same length, the lowest wins), not ${metricText}`;

  if (Object.keys(problems).length > 0 || !destination.ok || !via.ok) return { problems };
  const clean: RouteDoc = { destination: destination.value, via: formatIpv6(via.value) };
  if (exit) clean.interface = exit.name;
  if (metric !== undefined) clean.metric = metric;
  if (earlier.some((r) => r.destination === clean.destination && r.via === clean.via)) return { problems: { route: `${owner.deviceName} already has a route to ${clean.destination} via ${clean.via}` } };
  return { problems, clean };
}

function checkDestination6(text: string): Parsed<string> {
  if (!text.includes('/')) return { ok: false, error: `"${text}" needs a prefix length to say how big the network is: add one like /64 (${text}/64), or write ::/0 for everything else` };
  const cidr = parseCidr6(text);
  if (!cidr.ok) return cidr;
  if (networkOf6(cidr.value) !== cidr.value.address) {
    return { ok: false, error: `${formatCidr6(cidr.value)} is not a network address: with /${cidr.value.prefix} the bits after the first ${cidr.value.prefix} (the host part) must be 0. Write ${subnetText6(cidr.value)}` };
  }
  return { ok: true, value: formatCidr6(cidr.value) };
}
