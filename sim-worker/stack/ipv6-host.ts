/**
 * The IPv6 side of a computer or a router, beside IPv4 (dual stack), as
 * Linux's stack does it: a link-local address on every interface from its
 * MAC, the multicast groups it joins, the routing table, sending through
 * neighbour discovery, router discovery (advertising on a router, SLAAC on a
 * computer), and what arrives for this device: ICMPv6 (echo, errors,
 * neighbour discovery) and UDP. A packet for another address goes to
 * `forward` on a router and is dropped on a computer.
 *
 * Left out on purpose: duplicate address detection's one-second wait before
 * an address is used (RFC 4862 §5.4; no solicitation from :: is sent either)
 * and MLD reports (RFC 3810): the switches here flood multicast anyway, so
 * neither would change where a packet goes.
 */
import type { LayerNote, Result } from '../api';
import type { NoteInput, Reason } from '../engine/trace';
import type { SimContext } from '../engine/context';
import type { Nic } from '../engine/nic';
import {
  ALL_NODES, ALL_ROUTERS, formatIpv6, type Ipv6Cidr, isLinkLocal6, isMulticast6, linkLocalFromMac, multicastMac, solicitedNodeAddress, subnetText6,
} from '../wire/address6';
import {
  encodeIcmpv6, type Icmpv6Message, icmpv6TimeExceededName, icmpv6UnreachableName, isIcmpv6Echo, isIcmpv6ErrorType, NDP_HOP_LIMIT, parseIcmpv6, quotedEcho6, quoteForIcmpv6Error,
} from '../wire/icmpv6';
import { ETHERNET_HEADER_LENGTH } from '../wire/ethernet';
import { encodeIpv6, IP_PROTO_ICMPV6, IPV6_DEFAULT_HOP_LIMIT, type Ipv6Packet, parseIpv6 } from '../wire/ipv6';
import { IP_PROTO_UDP } from '../wire/ipv4';
import { encodeUdp6, parseUdp6, quotedUdp6 } from '../wire/udp';
import type { FrameRef } from './arp-resolver';
import type { FrameArrival } from './ethernet-in';
import { IcmpRateLimit } from './icmp-errors';
import { type Ipv6Interface, NeighbourDiscovery, type Outgoing6, ownsAddress } from './ndp';
import { RouterAdvertiser, RouterSolicitor } from './router-discovery';
import { RoutingTable6, type StaticRoute6 } from './routing-table6';
import { freeEphemeralPort } from './udp-ports';

export type { Ipv6Interface } from './ndp';

export interface Icmpv6Arrival {
  message: Icmpv6Message;
  from: bigint;
  hopLimit: number;
  /** Bytes of the ICMPv6 message. */
  length: number;
}

export type Icmpv6Listener = (arrival: Icmpv6Arrival) => void;

export interface Udp6Socket {
  owner: string;
  onDatagram?: (arrival: { from: bigint; fromPort: number; payload: Uint8Array }) => void;
  onError?: (arrival: Icmpv6Arrival) => void;
}

/** A packet that arrived for another address: what a router's forwarding works on. */
export interface Transit6 {
  iface: Ipv6Interface;
  ip: Ipv6Packet;
  packet: Uint8Array;
  frame: FrameRef;
  l2: LayerNote;
  /** It came in a frame to a group MAC, not to the interface's own. */
  linkMulticast: boolean;
}

export interface NextHop6 {
  iface: Ipv6Interface;
  nextHop: bigint;
  reason: string;
}

export interface Send6Options {
  hopLimit?: number;
  src?: bigint;
}

export interface Ipv6HostOptions {
  routes?: StaticRoute6[];
  /** Where packets for other addresses go (a router). Left out, they are dropped, as on Linux with forwarding off. */
  forward?: (transit: Transit6) => void;
  /** Send router solicitations at start-up and configure addresses from the answers (a computer). */
  solicitRouters?: boolean;
}

export type Error6Spec = { kind: 'destination-unreachable' | 'time-exceeded'; code: number };

const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });
const L4 = (reason: string): LayerNote => ({ layer: 4, protocol: 'UDP', reason });

export class Ipv6Host {
  readonly interfaces: Ipv6Interface[];
  /** The interface of each card: looked up for every frame that arrives. */
  private readonly byNic = new Map<Nic, Ipv6Interface>();
  readonly ndp: NeighbourDiscovery;
  readonly routingTable: RoutingTable6;
  readonly isRouter: boolean;
  private readonly forward?: (transit: Transit6) => void;
  private readonly advertiser?: RouterAdvertiser;
  private readonly solicitor?: RouterSolicitor;
  private listeners = new Map<number, Icmpv6Listener>();
  private sockets = new Map<number, Udp6Socket>();
  private rateLimit = new IcmpRateLimit<bigint>();
  /** Addresses SLAAC made, to tell them from the document's. */
  private slaac = new Set<Ipv6Cidr>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    interfaces: { nic: Nic; address?: Ipv6Cidr }[],
    options: Ipv6HostOptions = {},
  ) {
    this.forward = options.forward;
    this.isRouter = options.forward !== undefined;
    this.ndp = new NeighbourDiscovery(ctx, deviceId, this.isRouter, (out) => this.unreachableHere(out));
    this.routingTable = new RoutingTable6(ctx, deviceId);
    this.interfaces = interfaces.map(({ nic, address }) => {
      const iface: Ipv6Interface = { nic, linkLocal: linkLocalFromMac(nic.mac), addresses: [], groups: new Set() };
      this.byNic.set(nic, iface);
      this.joinGroups(iface);
      this.routingTable.addConnected(nic.name, { address: iface.linkLocal, prefix: 64 });
      if (address) this.addAddress(iface, address, false);
      return iface;
    });
    for (const route of options.routes ?? []) this.routingTable.addStatic(route);
    if (this.isRouter) this.advertiser = new RouterAdvertiser(ctx, deviceId, this);
    else if (options.solicitRouters) this.solicitor = new RouterSolicitor(ctx, deviceId, this);
    this.start();
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  /** What runs at boot: advertising on a router, soliciting on a computer. */
  start(): void {
    this.advertiser?.start();
    this.solicitor?.start();
  }

  /** Power off: everything learned (neighbours, SLAAC addresses, advertised routers) is gone, and every program's sockets close. */
  powerOff(): void {
    this.advertiser?.stop();
    this.solicitor?.stop();
    this.ndp.cache.forget();
    this.routingTable.forgetLearned();
    for (const iface of this.interfaces) iface.addresses = iface.addresses.filter((a) => !this.slaac.has(a));
    this.slaac.clear();
    this.listeners.clear();
    this.sockets.clear();
    for (const iface of this.interfaces) this.joinGroups(iface);
  }

  /** Carrier lost on an interface: its neighbours are forgotten (Linux flushes them); back up, a computer solicits routers again. */
  linkChanged(nic: Nic, up: boolean): LayerNote[] {
    const iface = this.interfaceOf(nic);
    if (!iface) return [];
    if (up) {
      this.solicitor?.solicit(iface);
      return [];
    }
    const forgotten = this.ndp.cache.forget(nic.name);
    if (forgotten.length === 0) return [];
    return [L3('ICMPv6', `forgot ${forgotten.map(formatIpv6).join(', ')} from the neighbour cache: Linux flushes the neighbours of an interface that loses its link`)];
  }

  /** all-nodes, the solicited-node group of each address, and all-routers on a router (RFC 4291 §2.8). */
  private joinGroups(iface: Ipv6Interface): void {
    iface.groups.clear();
    const groups = [ALL_NODES, ...(this.isRouter ? [ALL_ROUTERS] : []), ...[iface.linkLocal, ...iface.addresses.map((a) => a.address)].map(solicitedNodeAddress)];
    for (const group of groups) iface.groups.add(multicastMac(group));
  }

  /** Gives an interface one more address: the document's (at start) or one SLAAC made (`live`), with its prefix as a connected route. */
  addAddress(iface: Ipv6Interface, cidr: Ipv6Cidr, live: boolean, onLink = true): void {
    iface.addresses.push(cidr);
    if (live) this.slaac.add(cidr);
    iface.groups.add(multicastMac(solicitedNodeAddress(cidr.address)));
    if (onLink) this.routingTable.addConnected(iface.nic.name, cidr, live);
  }

  /** Whether SLAAC made this address (from a router's advertisement), rather than the document. */
  isAutoconfigured(cidr: Ipv6Cidr): boolean {
    return this.slaac.has(cidr);
  }

  interfaceOf(nic: Nic): Ipv6Interface | undefined {
    return this.byNic.get(nic);
  }

  /** The multicast MACs an interface takes frames for. */
  groupsOf(nic: Nic): ReadonlySet<string> | undefined {
    return this.interfaceOf(nic)?.groups;
  }

  isOwnAddress(address: bigint): boolean {
    return this.interfaces.some((i) => ownsAddress(i, address));
  }

  /** A multicast group this interface listens to. */
  private joined(iface: Ipv6Interface, group: bigint): boolean {
    return group === ALL_NODES || (group === ALL_ROUTERS && this.isRouter) || [iface.linkLocal, ...iface.addresses.map((a) => a.address)].some((a) => solicitedNodeAddress(a) === group);
  }

  listen(identifier: number, listener: Icmpv6Listener): void {
    this.listeners.set(identifier, listener);
  }

  unlisten(identifier: number): void {
    this.listeners.delete(identifier);
  }

  openUdp(socket: Udp6Socket): Result<number> {
    const port = freeEphemeralPort(this.ctx.prng, (candidate) => this.sockets.has(candidate));
    if (port === undefined) return { ok: false, error: `${this.name} has no free UDP port left` };
    this.sockets.set(port, socket);
    return { ok: true, value: port };
  }

  closeUdp(port: number): void {
    this.sockets.delete(port);
  }

  route(dst: bigint): Result<NextHop6> {
    const choice = this.routingTable.lookup(dst);
    const iface = choice && this.interfaces.find((i) => i.nic.name === choice.route.interfaceName);
    if (!choice || !iface) {
      const prefixes = this.interfaces.flatMap((i) => i.addresses.map(subnetText6));
      const own = prefixes.length === 0 ? `${this.name} has only link-local (fe80::) addresses` : `${formatIpv6(dst)} is not in ${[...new Set(prefixes)].join(' or ')}`;
      const missing = this.forward ? 'no route covers it, not even a default route' : 'no router has advertised itself, so there is no default route';
      return { ok: false, error: `Network is unreachable: ${own} and ${missing}` };
    }
    return { ok: true, value: { iface, nextHop: choice.nextHop, reason: choice.reason } };
  }

  /** Source address selection, simplified from RFC 6724: link-local for link-local, else a global address of the way out, else any global one. */
  sourceFor(dst: bigint, iface: Ipv6Interface): bigint {
    if (isLinkLocal6(dst)) return iface.linkLocal;
    return iface.addresses[0]?.address ?? this.interfaces.find((i) => i.addresses.length > 0)?.addresses[0].address ?? iface.linkLocal;
  }

  /** Sends a packet this device makes; `build` makes the payload once the source address is known (checksums cover it). */
  send(dst: bigint, nextHeader: number, build: (src: bigint) => Uint8Array, notes: NoteInput[], options: Send6Options = {}): Result<void> {
    const route = this.route(dst);
    if (!route.ok) return route;
    const { iface, nextHop, reason } = route.value;
    const src = options.src ?? this.sourceFor(dst, iface);
    const hopLimit = options.hopLimit ?? IPV6_DEFAULT_HOP_LIMIT;
    const packet = encodeIpv6({ src, dst, nextHeader, hopLimit, payload: build(src) });
    const ipNote = L3('IPv6', `from ${formatIpv6(src)} to ${formatIpv6(dst)}, hop limit ${hopLimit}: ${reason}`);
    this.ndp.send({ iface, nextHop, packet, notes: [...notes, ipNote], frameId: this.ctx.newFrameId() });
    return { ok: true, value: undefined };
  }

  sendIcmp(dst: bigint, message: Icmpv6Message, reason: Reason, options?: Send6Options): Result<void> {
    return this.send(dst, IP_PROTO_ICMPV6, (src) => encodeIcmpv6(message, src, dst), [{ layer: 3, protocol: 'ICMPv6', reason }], options);
  }

  sendUdp(srcPort: number, dst: bigint, dstPort: number, payload: Uint8Array, reason: string, options?: Send6Options): Result<void> {
    return this.send(dst, IP_PROTO_UDP, (src) => encodeUdp6({ srcPort, dstPort, payload }, src, dst), [L4(`port ${srcPort} → ${dstPort}, ${payload.length} data bytes: ${reason}`)], options);
  }

  /** An ICMPv6 error about a packet, checked against RFC 4443 §2.4 (e) and the rate limit first. */
  planIcmpError(about: { ip: Ipv6Packet; packet: Uint8Array; linkMulticast: boolean }, spec: Error6Spec, why: string): { note: string; send(): void } {
    const { ip, packet } = about;
    const words = errorWords(spec);
    const nothing = (note: string) => ({ note, send: () => undefined });
    const forbidden = errorForbidden(ip, about.linkMulticast);
    if (forbidden !== undefined) return nothing(`no ICMPv6 error goes back, because ${forbidden}`);
    if (!this.rateLimit.spend(ip.src, this.ctx.scheduler.now)) {
      return nothing(`no ICMPv6 ${words} goes back: ${this.name} already sent ${formatIpv6(ip.src)} a burst of errors, and Linux then allows about one a second (net.ipv6.icmp.ratelimit)`);
    }
    const back = this.route(ip.src);
    if (!back.ok) return nothing(`no ICMPv6 ${words} can go back: ${back.error}`);
    const src = this.isOwnAddress(ip.dst) ? ip.dst : undefined;
    const original = quoteForIcmpv6Error(packet);
    return {
      note: `${formatIpv6(ip.src)} is told with an ICMPv6 ${words}`,
      send: () => void this.sendIcmp(ip.src, { ...spec, original }, `${words}: ${why}; it quotes the first ${original.length} bytes of the packet so the sender can tell which one`, { src }),
    };
  }

  /** A frame with EtherType IPv6, already accepted for this interface. */
  receive({ nic, frame, src: srcMac, l2, group }: FrameArrival): void {
    const payload = frame.bytes.subarray(ETHERNET_HEADER_LENGTH);
    const iface = this.interfaceOf(nic)!;
    const drop = (protocol: string, reason: string) => this.ctx.trace.record({ device: this.deviceId, interface: nic.name, type: 'drop', frame, layers: [l2, L3(protocol, reason)] });
    const parsed = parseIpv6(payload);
    if (!parsed.ok) return void drop('IPv6', `malformed IPv6 packet: ${parsed.error}`);
    const ip = parsed.value;
    const packet = payload.subarray(0, 40 + ip.payloadLength);
    const arrival: Transit6 = { iface, ip, packet, frame, l2, linkMulticast: group };
    if (isMulticast6(ip.dst)) {
      if (!this.joined(iface, ip.dst)) return void drop('IPv6', `for the multicast group ${formatIpv6(ip.dst)}, which ${nic.name} has not joined: ignored`);
    } else if (!this.isOwnAddress(ip.dst)) {
      if (this.forward) return void this.forward(arrival);
      return void drop('IPv6', `for ${formatIpv6(ip.dst)}, not for me; computers do not forward packets`);
    }
    if (ip.nextHeader === IP_PROTO_ICMPV6) this.receiveIcmp(arrival, srcMac);
    else if (ip.nextHeader === IP_PROTO_UDP) this.receiveUdp(arrival);
    else drop('IPv6', `next header ${ip.nextHeader} has nobody listening on ${this.name}`);
  }

  private receiveIcmp(arrival: Transit6, srcMac: string): void {
    const { iface, ip, frame, l2 } = arrival;
    const toWhom = isMulticast6(ip.dst) ? `to the group ${formatIpv6(ip.dst)}` : 'to me';
    const l3 = L3('IPv6', `from ${formatIpv6(ip.src)} ${toWhom}, hop limit ${ip.hopLimit}, carrying ICMPv6`);
    const record = (type: 'receive' | 'deliver' | 'drop', reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, l3, L3('ICMPv6', reason)] });
    const parsed = parseIcmpv6(ip.payload, ip.src, ip.dst);
    if (!parsed.ok) return void record('drop', `malformed ICMPv6: ${parsed.error}`);
    const message = parsed.value;
    if (!message.checksumOk) return void record('drop', 'ICMPv6 checksum is wrong: the message was damaged on the way, so it is dropped');
    switch (message.kind) {
      case 'echo-request': {
        record('receive', `echo request id=${message.identifier} seq=${message.sequence} from ${formatIpv6(ip.src)}: ${this.name} answers with an echo reply`);
        const src = isMulticast6(ip.dst) ? undefined : ip.dst;
        this.sendIcmp(ip.src, { kind: 'echo-reply', identifier: message.identifier, sequence: message.sequence, data: message.data },
          `echo reply id=${message.identifier} seq=${message.sequence}: the same data back to ${formatIpv6(ip.src)}`, { src });
        return;
      }
      case 'router-solicitation':
      case 'router-advertisement':
      case 'neighbor-solicitation':
      case 'neighbor-advertisement':
        // RFC 4861 §6.1, §7.1: anything less than 255 came through a router, so it cannot be from this link.
        if (ip.hopLimit !== NDP_HOP_LIMIT) return void record('drop', `neighbour discovery with hop limit ${ip.hopLimit}, not 255: it came from beyond this link, so it is ignored (RFC 4861 §7.1)`);
        if (message.kind === 'neighbor-solicitation' || message.kind === 'neighbor-advertisement') return this.ndp.receive(iface, ip, message, srcMac, frame, l2);
        if (message.kind === 'router-solicitation') {
          if (!this.advertiser) return void record('drop', `a router solicitation from ${formatIpv6(ip.src)}: only routers answer those`);
          return this.advertiser.receiveSolicitation(iface, ip, message, frame, l2);
        }
        if (!this.solicitor) return void record('drop', `a router advertisement from ${formatIpv6(ip.src)}: ${this.isRouter ? 'a router configures itself by hand, not from other routers' : `${this.name} does not configure itself from advertisements`}`);
        return this.solicitor.receiveAdvertisement(iface, ip, message, frame, l2);
    }
    const recipient = this.recipientOf(message);
    if (!recipient) return void record('drop', `${kindWords(message)} from ${formatIpv6(ip.src)}, but no program on ${this.name} is waiting for it`);
    record('deliver', `${kindWords(message)} from ${formatIpv6(ip.src)} ${recipient.about}: handed to ${recipient.owner}`);
    recipient.deliver({ message, from: ip.src, hopLimit: ip.hopLimit, length: ip.payload.length });
  }

  private receiveUdp(arrival: Transit6): void {
    const { iface, ip, frame, l2 } = arrival;
    const l3 = L3('IPv6', `from ${formatIpv6(ip.src)} to me, hop limit ${ip.hopLimit}, carrying UDP`);
    const record = (type: 'deliver' | 'drop', reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, l3, L4(reason)] });
    const parsed = parseUdp6(ip.payload, ip.src, ip.dst);
    if (!parsed.ok) return void record('drop', `malformed UDP: ${parsed.error}`);
    const udp = parsed.value;
    if (!udp.checksumOk) return void record('drop', 'UDP checksum is wrong or missing (IPv6 requires one): the datagram is dropped');
    const socket = this.sockets.get(udp.dstPort);
    if (socket) {
      record('deliver', `port ${udp.srcPort} → ${udp.dstPort}: ${socket.owner} listens on port ${udp.dstPort}, handed to it`);
      socket.onDatagram?.({ from: ip.src, fromPort: udp.srcPort, payload: udp.payload });
      return;
    }
    const plan = this.planIcmpError(arrival, { kind: 'destination-unreachable', code: 4 }, `nothing listens on UDP port ${udp.dstPort} on ${this.name}`);
    record('drop', `port ${udp.srcPort} → ${udp.dstPort}: no program on ${this.name} listens on port ${udp.dstPort}, so the datagram is dropped; ${plan.note}`);
    plan.send();
  }

  private recipientOf(message: Icmpv6Message): { owner: string; about: string; deliver: Icmpv6Listener } | undefined {
    if (isIcmpv6Echo(message)) {
      const listener = this.listeners.get(message.identifier);
      return listener && { owner: 'ping', about: `id=${message.identifier} seq=${message.sequence}`, deliver: listener };
    }
    if (message.kind !== 'destination-unreachable' && message.kind !== 'time-exceeded') return undefined;
    const echo = quotedEcho6(message.original);
    if (echo) {
      const listener = this.listeners.get(echo.identifier);
      return listener && { owner: 'ping', about: `about an earlier ping (seq=${echo.sequence})`, deliver: listener };
    }
    const udp = quotedUdp6(message.original);
    const socket = udp && this.isOwnAddress(udp.src) ? this.sockets.get(udp.srcPort) : undefined;
    if (!udp || !socket?.onError) return undefined;
    return { owner: socket.owner, about: `about UDP port ${udp.srcPort} → ${formatIpv6(udp.dst)} port ${udp.dstPort}`, deliver: socket.onError };
  }

  /** A packet this device sent found no neighbour: Linux reports address unreachable to the sender's own socket, as from its own address. */
  private unreachableHere(out: Outgoing6): void {
    const original = quoteForIcmpv6Error(out.packet);
    const message: Icmpv6Message = { kind: 'destination-unreachable', code: 3, original };
    const from = this.sourceFor(out.nextHop, out.iface);
    this.recipientOf(message)?.deliver({ message, from, hopLimit: IPV6_DEFAULT_HOP_LIMIT, length: 8 + original.length });
  }
}

/** Why RFC 4443 §2.4 (e) forbids an error about this packet, or undefined. */
function errorForbidden(ip: Ipv6Packet, linkMulticast: boolean): string | undefined {
  if (ip.nextHeader === IP_PROTO_ICMPV6 && ip.payload.length > 0 && (isIcmpv6ErrorType(ip.payload[0]) || ip.payload[0] >= 133)) {
    return isIcmpv6ErrorType(ip.payload[0]) ? 'it is itself an ICMPv6 error, and errors are never answered with errors' : 'it is a neighbour discovery message, which never leaves its link';
  }
  if (isMulticast6(ip.dst)) return `it was sent to the multicast group ${formatIpv6(ip.dst)}`;
  if (linkMulticast) return 'it came in a multicast frame';
  if (ip.src === 0n || isMulticast6(ip.src)) return `its source ${formatIpv6(ip.src)} is not the address of one node`;
  return undefined;
}

function errorWords(spec: Error6Spec): string {
  if (spec.kind === 'time-exceeded') return `time exceeded (${icmpv6TimeExceededName(spec.code)})`;
  return `destination unreachable (${icmpv6UnreachableName(spec.code).toLowerCase()})`;
}

function kindWords(message: Icmpv6Message): string {
  if (message.kind === 'destination-unreachable' || message.kind === 'time-exceeded') return errorWords(message);
  return message.kind.replace('-', ' ');
}
