/**
 * The rules of DHCP in the document: which interfaces may take their address
 * by DHCP, and what makes a DHCP server scope sound. validate.ts and
 * dhcp-edits.ts both use these, so both refuse the same things in the same words.
 */
import { broadcastOf, formatCidr, formatIpv4, hostAddressProblem, inSubnet, type Ipv4Cidr, networkOf, parseCidr, parseIpv4, parseMac } from '../wire/address';
import { fieldText } from './rules';
import type { DeviceDoc, DeviceKind, DhcpServerDoc } from './schema';

/** A day, ISC dhcpd's and most home routers' default. */
export const DHCP_DEFAULT_LEASE_SECONDS = 86400;
/** dnsmasq refuses leases under 2 minutes; a year is longer than any real network hands out. */
export const DHCP_MIN_LEASE_SECONDS = 120;
export const DHCP_MAX_LEASE_SECONDS = 365 * 86400;

/** Computers and VMs take an address by DHCP on any interface; a home router on its `wan` only. */
export function takesDhcpAddressing(kind: DeviceKind | undefined, interfaceName: string): boolean {
  return kind === undefined || kind === 'computer' || kind === 'server' || kind === 'vm' || (kind === 'home-router' && interfaceName === 'wan');
}

/** A computer or server whose first interface takes its address by DHCP: the canvas captions it with its lease. */
export function captionedByLease(device: DeviceDoc): boolean {
  return (device.kind === 'computer' || device.kind === 'server') && device.interfaces[0]?.addressing === 'dhcp';
}

/** Routers, ISPs and home routers serve DHCP. */
export function takesDhcpServers(kind: DeviceKind | undefined): boolean {
  return kind === undefined || kind === 'router' || kind === 'isp' || kind === 'home-router' || kind === 'server';
}

export function noDhcpServersProblem(deviceName: string, kind: DeviceKind): string {
  return `${deviceName} is a ${kind}: only routers, ISPs, home routers and servers run a DHCP server`;
}

/**
 * How an interface's address is set ('static' or 'dhcp') against its kind
 * and its other fields: on DHCP, the address and the gateway come from the
 * server, so they must be left out. One message per bad field.
 */
export function checkAddressing(
  owner: { kind: DeviceKind | undefined; deviceName: string },
  interfaceName: string,
  input: { addressing?: unknown; ipv4?: unknown; gateway?: unknown },
): { problems: Partial<Record<'addressing' | 'ipv4' | 'gateway', string>>; clean?: 'static' | 'dhcp' } {
  if (input.addressing === undefined) return { problems: {} };
  if (input.addressing !== 'static' && input.addressing !== 'dhcp') {
    return { problems: { addressing: `"addressing" is either "static" (the address is typed in) or "dhcp" (a DHCP server gives it), not ${JSON.stringify(input.addressing) ?? String(input.addressing)}` } };
  }
  if (input.addressing === 'static') return { problems: {}, clean: 'static' };
  if (!takesDhcpAddressing(owner.kind, interfaceName)) {
    const why = owner.kind === 'home-router' ? `only a home router's "wan" interface takes its address by DHCP` : `${owner.deviceName} is a ${owner.kind}, and a ${owner.kind} does not take its address from a DHCP server`;
    return { problems: { addressing: `cannot use DHCP: ${why}` } };
  }
  const problems: Partial<Record<'ipv4' | 'gateway', string>> = {};
  const leftOut = (field: 'ipv4' | 'gateway') => `this interface takes its address by DHCP, so its ${field === 'ipv4' ? 'address' : 'gateway'} comes from the DHCP server: leave "${field}" out, or set "addressing" to "static"`;
  if (fieldText(input.ipv4) !== undefined) problems.ipv4 = leftOut('ipv4');
  if (fieldText(input.gateway) !== undefined) problems.gateway = leftOut('gateway');
  return { problems, clean: 'dhcp' };
}

/** A problem with a scope: `path` is relative to the scope ("poolEnd", "reservations[1].ipv4"), empty for the scope as a whole. */
export interface ScopeProblem {
  path: string;
  message: string;
}

export interface ScopeOwner {
  deviceName: string;
  /** The device's interfaces with their (clean) addresses. */
  interfaces: readonly { name: string; ipv4?: string }[];
}

/**
 * Checks one DHCP server scope against the device's interfaces and the
 * scopes before it. Returns every problem, and the scope in canonical form
 * when there is none.
 */
export function checkDhcpScope(owner: ScopeOwner, input: unknown, earlier: readonly DhcpServerDoc[]): { problems: ScopeProblem[]; clean?: DhcpServerDoc } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problems: [{ path: '', message: 'A DHCP server scope should be an object like {"interface": "eth0", "poolStart": "192.168.1.100", "poolEnd": "192.168.1.199"}' }] };
  }
  const fields = input as Record<string, unknown>;
  const value = (field: string) => (Object.hasOwn(fields, field) ? fields[field] : undefined);
  const problems: ScopeProblem[] = [];
  const note = (path: string, message: string) => void problems.push({ path, message });

  const interfaceName = fieldText(value('interface'));
  const iface = interfaceName === undefined ? undefined : owner.interfaces.find((i) => i.name === interfaceName);
  /** The interface's own address and prefix: the network the scope serves. */
  let served: Ipv4Cidr | undefined;
  if (interfaceName === undefined) note('interface', 'A DHCP scope needs the interface whose network it serves, like "eth0"');
  else if (!iface) note('interface', `${owner.deviceName} has no interface "${interfaceName}"`);
  else if (earlier.some((s) => s.interface === interfaceName)) note('interface', `${owner.deviceName} ${interfaceName} already has a DHCP scope: one per interface`);
  else {
    const cidr = iface.ipv4 === undefined ? undefined : parseCidr(iface.ipv4);
    if (cidr?.ok) served = cidr.value;
    else note('interface', `${owner.deviceName} ${interfaceName} has no IPv4 address: give it one first, since the DHCP server answers from it and serves its network`);
  }
  const where = served && `${owner.deviceName} ${interfaceName}'s network ${subnetText(served)}`;

  /** An address field: parsed, and when the network is known, a host address inside it. */
  const address = (path: string, raw: unknown, what: string, required: boolean): number | undefined => {
    const text = fieldText(raw);
    if (text === undefined) {
      if (required) note(path, `A DHCP scope needs ${what}, like 192.168.1.100`);
      return undefined;
    }
    const parsed = parseIpv4(text);
    if (!parsed.ok) return void note(path, parsed.error);
    if (!served) return parsed.value;
    const shown = formatIpv4(parsed.value);
    if (!inSubnet(parsed.value, served)) return void note(path, `${shown} is not in ${where}, so its clients could not use it`);
    if (hostAddressProblem({ address: parsed.value, prefix: served.prefix }) !== undefined) return void note(path, `${shown} is the network or broadcast address of ${subnetText(served)}, not a host's`);
    return parsed.value;
  };

  const start = address('poolStart', value('poolStart'), 'the first address of its pool ("poolStart")', true);
  const end = address('poolEnd', value('poolEnd'), 'the last address of its pool ("poolEnd")', true);
  if (start !== undefined && end !== undefined) {
    const range = `${formatIpv4(start)}–${formatIpv4(end)}`;
    if (start > end) note('poolEnd', `The pool ends at ${formatIpv4(end)}, before it starts at ${formatIpv4(start)}: the end must be the higher address`);
    else if (served && served.address >= start && served.address <= end) note('poolEnd', `The pool ${range} holds ${formatIpv4(served.address)}, ${interfaceName}'s own address: the server would hand out its own address. Start the pool after it or end it before`);
    else {
      const overlap = earlier.find((s) => {
        const [a, b] = [parseIpv4(s.poolStart), parseIpv4(s.poolEnd)];
        return a.ok && b.ok && a.value <= end && start <= b.value;
      });
      if (overlap) note('poolStart', `The pool ${range} overlaps the pool ${overlap.poolStart}–${overlap.poolEnd} of the scope on ${overlap.interface}: two scopes would hand out the same addresses`);
    }
  }

  const leaseRaw = value('leaseSeconds');
  if (leaseRaw !== undefined && !(typeof leaseRaw === 'number' && Number.isInteger(leaseRaw) && leaseRaw >= DHCP_MIN_LEASE_SECONDS && leaseRaw <= DHCP_MAX_LEASE_SECONDS)) {
    note('leaseSeconds', `The lease time is a whole number of seconds from ${DHCP_MIN_LEASE_SECONDS} (2 minutes) to ${DHCP_MAX_LEASE_SECONDS} (a year), like ${DHCP_DEFAULT_LEASE_SECONDS} (a day), not ${JSON.stringify(leaseRaw) ?? String(leaseRaw)}`);
  }

  const gateway = address('gateway', value('gateway'), 'a gateway', false);

  const dnsRaw = value('dns');
  const dns: number[] = [];
  if (dnsRaw !== undefined && !Array.isArray(dnsRaw)) note('dns', 'The DNS servers are a list of addresses, like ["192.168.1.1", "8.8.8.8"]');
  else (dnsRaw ?? []).forEach((d: unknown, i: number) => {
    const text = fieldText(d);
    const parsed = text === undefined ? undefined : parseIpv4(text);
    if (parsed?.ok) dns.push(parsed.value);
    else note(`dns[${i}]`, parsed ? parsed.error : 'A DNS server is an IPv4 address, like 8.8.8.8');
  });

  const reservationsRaw = value('reservations');
  const reservations: { mac: string; ipv4: string }[] = [];
  if (reservationsRaw !== undefined && !Array.isArray(reservationsRaw)) note('reservations', 'The reservations are a list like [{"mac": "02:00:00:00:00:0a", "ipv4": "192.168.1.50"}]');
  else (reservationsRaw ?? []).forEach((r: unknown, i: number) => {
    const at = `reservations[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return note(at, 'A reservation is an object like {"mac": "02:00:00:00:00:0a", "ipv4": "192.168.1.50"}');
    const fieldsOf = r as Record<string, unknown>;
    const macText = fieldText(Object.hasOwn(fieldsOf, 'mac') ? fieldsOf.mac : undefined);
    const mac = macText === undefined ? undefined : parseMac(macText);
    if (!mac) note(`${at}.mac`, 'A reservation needs the MAC address of the client it is for, like 02:00:00:00:00:0a');
    else if (!mac.ok) note(`${at}.mac`, mac.error);
    else if (reservations.some((x) => x.mac === mac.value)) note(`${at}.mac`, `${mac.value} already has a reservation in this scope: one address per client`);
    const ipv4 = address(`${at}.ipv4`, Object.hasOwn(fieldsOf, 'ipv4') ? fieldsOf.ipv4 : undefined, 'the reserved address', true);
    if (ipv4 !== undefined && served && ipv4 === served.address) note(`${at}.ipv4`, `${formatIpv4(ipv4)} is ${interfaceName}'s own address: it cannot be given to a client`);
    else if (ipv4 !== undefined && reservations.some((x) => x.ipv4 === formatIpv4(ipv4))) note(`${at}.ipv4`, `${formatIpv4(ipv4)} is already reserved for another client in this scope`);
    else if (mac?.ok && ipv4 !== undefined) reservations.push({ mac: mac.value, ipv4: formatIpv4(ipv4) });
  });

  if (problems.length > 0 || interfaceName === undefined || start === undefined || end === undefined) return { problems };
  const clean: DhcpServerDoc = { interface: interfaceName, poolStart: formatIpv4(start), poolEnd: formatIpv4(end) };
  if (leaseRaw !== undefined) clean.leaseSeconds = leaseRaw as number;
  if (gateway !== undefined) clean.gateway = formatIpv4(gateway);
  if (dnsRaw !== undefined) clean.dns = dns.map(formatIpv4);
  if (reservationsRaw !== undefined) clean.reservations = reservations;
  return { problems, clean };
}

/** A default pool for an interface's network: .100–.199 of a /24 (as most home routers hand out), else the upper half of the hosts, never the interface's own address. */
export function defaultPool(cidr: Ipv4Cidr): { start: number; end: number } | undefined {
  const network = networkOf(cidr);
  const last = broadcastOf(cidr) - 1;
  const hosts = last - network;
  if (cidr.prefix > 30) return undefined;
  let start = hosts >= 200 ? network + 100 : network + Math.floor(hosts / 2) + 1;
  let end = hosts >= 200 ? network + 199 : last;
  if (cidr.address >= start && cidr.address <= end) {
    if (cidr.address - start >= end - cidr.address) end = cidr.address - 1;
    else start = cidr.address + 1;
  }
  return start <= end ? { start, end } : undefined;
}

function subnetText(cidr: Ipv4Cidr): string {
  return formatCidr({ address: networkOf(cidr), prefix: cidr.prefix });
}
