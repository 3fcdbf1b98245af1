/**
 * The IPv4 side of a computer or a router, as Linux's stack does it: the
 * routing table, sending through ARP, and what arrives for this device: ICMP
 * (echo, errors, redirects) and UDP (sockets, or port unreachable). A packet
 * for another address goes to `forward` on a device that forwards (a router,
 * ip_forward on) and is dropped on one that does not (a computer).
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import type { Nic } from '../engine/nic';
import { RecentMap } from '../engine/recent-map';
import { type NoteInput, type Reason, withNote } from '../engine/trace';
import { broadcastOf, formatCidr, formatIpv4, hostAddressProblem, inSubnet, type Ipv4Cidr, macFromBytes, networkOf } from '../wire/address';
import { encodeEthernet, ETHERNET_HEADER_LENGTH, ETHERTYPE_ARP, ETHERTYPE_IPV4, newFrame } from '../wire/ethernet';
import { hex4 } from '../wire/hex';
import {
  icmpLength, type IcmpMessage, isIcmpEcho, LINUX_ICMP_QUOTE_LIMIT, parseIcmp, quotedEcho, quoteForIcmpError, redirectCodeName, timeExceededCodeName, unreachableCodeName, writeIcmp,
} from '../wire/icmp';
import { encodeIpv4, IP_PROTO_ICMP, IP_PROTO_TCP, IP_PROTO_UDP, IPV4_DEFAULT_TTL, IPV4_HEADER_LENGTH, type Ipv4Packet, parseIpv4, parseIpv4Header, writeIpv4Header } from '../wire/ipv4';
import { encodeUdp, parseUdp, quotedUdp } from '../wire/udp';
import { ArpResolver, type FrameRef, type Outgoing, packetOf } from './arp-resolver';
import { IcmpRateLimit, icmpErrorForbidden, ROUTE_ERROR_BURST } from './icmp-errors';
import { RoutingTable, type StaticRoute } from './routing-table';
import { acceptFrame, type FrameArrival } from './ethernet-in';
import { SOCKET_TABLE } from './socket-table';
import { freeEphemeralPort } from './udp-ports';

export interface HostInterface {
  nic: Nic;
  cidr?: Ipv4Cidr;
  /** A computer's default gateway through this interface. */
  gateway?: number;
}

/** An ICMP message that arrived for an app, with who sent it. */
export interface IcmpArrival {
  message: IcmpMessage;
  from: number;
  ttl: number;
  /** Bytes of the ICMP message (for echo, its size). */
  length: number;
}

/** Ping runs listen for echo replies and errors by echo identifier. */
export type IcmpListener = (arrival: IcmpArrival) => void;

export interface UdpArrival {
  from: number;
  /** The sender's MAC (or the last router's), from the frame. */
  fromMac: string;
  fromPort: number;
  to: number;
  ttl: number;
  payload: Uint8Array;
}

/** An open UDP port and the app behind it. */
export interface UdpSocket {
  /** The app, as reasons name it: "traceroute". */
  owner: string;
  onDatagram?: (arrival: UdpArrival) => void;
  /** An ICMP error about a datagram sent from this port (what Linux hands a socket with IP_RECVERR). */
  onError?: (arrival: IcmpArrival) => void;
}

/** A packet that arrived for another address: what a router's forwarding works on. */
export interface Transit {
  iface: HostInterface;
  ip: Ipv4Packet;
  /** The packet's bytes, without any Ethernet padding after it. */
  packet: Uint8Array;
  frame: FrameRef;
  /** Said about the frame at layer 2 when it arrived. */
  l2: LayerNote;
  /** It came in a frame to a group MAC (broadcast), not to the interface's own. */
  linkBroadcast: boolean;
  /** What happened to the packet between arriving and routing (a NAT rewrite), for the forwarding event. */
  notes?: LayerNote[];
}

export interface SendOptions {
  ttl?: number;
  dontFragment?: boolean;
  /** The whole TOS byte (DSCP and ECN). */
  tos?: number;
  /** The source address; left out, the address of the interface the route leaves by. */
  src?: number;
  /** What the layers above the transport said (an application's reasons), for the sent frame's event. */
  above?: LayerNote[];
}

export interface NextHop {
  iface: HostInterface;
  nextHop: number;
  reason: string;
  /** The IPv4 note of the last packet sent this way, reused while its source and TTL stay the same. */
  sentNote?: { src: number; dst: number; ttl: number; note: LayerNote };
  /** A router's note of packets forwarded this way. */
  forwardNote?: LayerNote;
}

export interface Ipv4HostOptions {
  routes?: StaticRoute[];
  /** Where packets for other addresses go. Left out, they are dropped, as on Linux with ip_forward off. */
  forward?: (transit: Transit) => void;
  /**
   * Netfilter's PREROUTING, where NAT translates replies and forwarded ports:
   * sees each packet that arrived, before the stack decides whether it is for
   * this device. Returns the packet to go on with (rewritten, with `notes`),
   * or nothing when it has dealt with the packet itself.
   */
  prerouting?: (arrival: Transit) => Transit | undefined;
  /**
   * Netfilter's OUTPUT and POSTROUTING for a packet this device makes: sees
   * it (IPv4 header written) before it leaves by `exit`, may rewrite it in
   * place, and returns what it did, for the sent frame's event.
   */
  output?: (packet: Uint8Array, exit: HostInterface) => LayerNote | undefined;
}

/** The error to send about a packet, ready to go: `note` says what will happen, for the event about the packet. */
export interface PlannedError {
  note: string;
  send(): void;
}

export type ErrorSpec =
  | { kind: 'destination-unreachable' | 'time-exceeded'; code: number }
  | { kind: 'redirect'; code: number; gateway: number };

/** Notes remembered per device; past this the memory starts afresh. */
const NOTE_CACHE_LIMIT = 4096;

const RAW_SOCKET_TTL = 128;
const RAW_SOCKET_TOS = 0x10;
/** Linux sends its own ICMP errors with TOS 0xc0 (IPTOS_PREC_INTERNETCONTROL), and neither they nor echo replies with DF. */
const ICMP_ERROR_TOS = 0xc0;
/** How long a host follows a redirect: Linux keeps the route exception for ip_rt_gc_timeout, 300 s. */
export const REDIRECT_LIFETIME_NS = 300_000_000_000;

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });
const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });
const L4 = (reason: string): LayerNote => ({ layer: 4, protocol: 'UDP', reason });

interface OwnAddresses {
  first: number | undefined;
  addresses: Set<number>;
  broadcasts: Set<number>;
}

export class Ipv4Host {
  readonly arp: ArpResolver;
  readonly routingTable: RoutingTable;
  private readonly byName = new Map<string, HostInterface>();
  /** The interface of each card: looked up for every frame that arrives (a computer's one interface is at hand in `firstInterface`). */
  private readonly byNic = new Map<Nic, HostInterface>();
  private readonly firstInterface?: HostInterface;
  /**
   * The interfaces' addresses (the first also at hand in `first`), and the
   * broadcast addresses of their networks: asked about every packet, worked
   * out again when an address changes.
   */
  private own?: OwnAddresses;
  private readonly forward?: (transit: Transit) => void;
  private readonly prerouting?: (arrival: Transit) => Transit | undefined;
  private readonly output?: (packet: Uint8Array, exit: HostInterface) => LayerNote | undefined;
  /** TCP's way in: set by the device's TCP stack (stack/tcp.ts), which answers every segment for this device. */
  receiveTcp?: (arrival: Transit) => void;
  /** Who an ICMP error about a TCP segment is for: set by the TCP stack, which finds the connection it came from. */
  tcpErrorRecipient?: (message: IcmpMessage) => { owner: string; about: () => string; deliver: IcmpListener } | undefined;
  private identification: number;
  private listeners = new RecentMap<number, IcmpListener>();
  private sockets = new Map<number, UdpSocket>();
  /** Sockets bound to one interface, by interface name then port (see `openLinkUdp`). */
  private linkSockets = new Map<string, Map<number, UdpSocket>>();
  private rateLimit = new IcmpRateLimit();
  /** The IPv4 note of ICMP arriving for this device, by source address and TTL: the same words packet after packet. */
  private icmpArrivalNotes = new RecentMap<number, LayerNote>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    readonly interfaces: HostInterface[],
    options: Ipv4HostOptions = {},
  ) {
    this.arp = new ArpResolver(ctx, deviceId, (out) => this.unreachableHere(out));
    this.routingTable = new RoutingTable(ctx, deviceId);
    this.forward = options.forward;
    this.prerouting = options.prerouting;
    this.output = options.output;
    this.firstInterface = interfaces[0];
    for (const iface of interfaces) {
      this.byName.set(iface.nic.name, iface);
      this.byNic.set(iface.nic, iface);
      if (iface.cidr) this.routingTable.addConnected(iface.nic.name, iface.cidr);
    }
    for (const iface of interfaces) if (iface.cidr && iface.gateway !== undefined) this.routingTable.addGateway(iface.nic.name, iface.gateway);
    for (const route of options.routes ?? []) this.routingTable.addStatic(route);
    this.identification = ctx.prng.int(0, 0xffff);
    // Each address is announced as its interface comes up (RFC 5227 §2.3); by the time this runs the cables are plugged in.
    ctx.scheduler.after(0, () => {
      for (const iface of interfaces) this.arp.announce(iface, `${iface.nic.name} came up with this address`);
    });
  }

  /** Carrier went or came on an interface: forget the neighbours learned there, or announce the address again. */
  linkChanged(nic: Nic, up: boolean): LayerNote[] {
    const iface = this.byName.get(nic.name);
    if (!iface) return [];
    if (up) {
      if (!iface.cidr) return [];
      this.ctx.scheduler.after(0, () => this.arp.announce(iface, `${nic.name} has a link again`));
      return [L3('ARP', `${nic.name} is up with ${formatCidr(iface.cidr)}: ${this.name} announces its address with a gratuitous ARP`)];
    }
    const forgotten = this.arp.cache.forget(nic.name);
    if (forgotten.length === 0) return [];
    return [L3('ARP', `forgot ${forgotten.map(formatIpv4).join(', ')} from the ARP cache: Linux flushes the neighbours of an interface that loses its link`)];
  }

  /** Power off: everything learned (ARP cache, redirects) is gone, and every program's sockets close. */
  powerOff(): void {
    this.arp.forgetAll();
    this.routingTable.forgetRedirects();
    this.listeners.clear();
    this.sockets.clear();
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  interfaceNamed(name: string): HostInterface | undefined {
    return this.byName.get(name);
  }

  isOwnAddress(address: number): boolean {
    const own = this.ownAddresses();
    return address === own.first || own.addresses.has(address);
  }

  /** The limited broadcast, or the broadcast address of one of this device's networks. */
  isBroadcast(address: number): boolean {
    return address === 0xffffffff || this.ownAddresses().broadcasts.has(address);
  }

  private hasAddress(): boolean {
    return this.ownAddresses().first !== undefined;
  }

  private ownAddresses(): OwnAddresses {
    if (this.own) return this.own;
    const own: OwnAddresses = { first: undefined, addresses: new Set<number>(), broadcasts: new Set<number>() };
    for (const { cidr } of this.interfaces) {
      if (!cidr) continue;
      own.first ??= cidr.address;
      own.addresses.add(cidr.address);
      if (cidr.prefix < 31) own.broadcasts.add(broadcastOf(cidr));
    }
    return (this.own = own);
  }

  private interfaceOf(nic: Nic): HostInterface {
    const first = this.firstInterface;
    const iface = first !== undefined && first.nic === nic ? first : this.byNic.get(nic);
    if (!iface) throw new Error(`${nic.name} is not an interface of ${this.name}`);
    return iface;
  }

  listen(identifier: number, listener: IcmpListener): void {
    this.listeners.set(identifier, listener);
  }

  unlisten(identifier: number): void {
    this.listeners.delete(identifier);
  }

  /** Opens a UDP port: the one asked for, or a free ephemeral one as Linux picks (32768–60999). */
  openUdp(socket: UdpSocket, port?: number): Result<number> {
    if (port !== undefined) {
      if (this.sockets.has(port)) return { ok: false, error: `UDP port ${port} on ${this.name} is already in use` };
      this.bindUdp(port, socket);
      return { ok: true, value: port };
    }
    const free = freeEphemeralPort(this.ctx.prng, (candidate) => this.sockets.has(candidate));
    if (free === undefined) return { ok: false, error: `${this.name} has no free UDP port left` };
    this.bindUdp(free, socket);
    return { ok: true, value: free };
  }

  private bindUdp(port: number, socket: UdpSocket): void {
    this.sockets.set(port, socket);
    this.ctx.tables.set(this.deviceId, SOCKET_TABLE.name, `udp:${port}`, ['UDP', `0.0.0.0:${port}`, '0.0.0.0:*', 'UNCONN', socket.owner]);
  }

  /** Whether a program on this device has UDP port `port` open. */
  listensOnUdp(port: number): boolean {
    return this.sockets.has(port);
  }

  closeUdp(port: number): void {
    if (this.sockets.delete(port)) this.ctx.tables.delete(this.deviceId, SOCKET_TABLE.name, `udp:${port}`);
  }

  /**
   * A UDP socket on one interface that takes datagrams to `port` arriving
   * there, even before the interface has an address: what DHCP software on
   * Linux opens (a raw packet socket per interface), so a client hears its
   * offer and a server knows which network a request came from.
   */
  openLinkUdp(interfaceName: string, port: number, socket: UdpSocket): Result<void> {
    if (!this.byName.has(interfaceName)) return { ok: false, error: `${this.name} has no interface ${interfaceName}` };
    let sockets = this.linkSockets.get(interfaceName);
    if (!sockets) this.linkSockets.set(interfaceName, (sockets = new Map()));
    if (sockets.has(port)) return { ok: false, error: `UDP port ${port} on ${this.name} ${interfaceName} is already in use` };
    sockets.set(port, socket);
    // As `ss -ul` shows a socket bound to a device: 0.0.0.0%eth0:68.
    this.ctx.tables.set(this.deviceId, SOCKET_TABLE.name, `udp:${interfaceName}:${port}`, ['UDP', `0.0.0.0%${interfaceName}:${port}`, '0.0.0.0:*', 'UNCONN', socket.owner]);
    return { ok: true, value: undefined };
  }

  closeLinkUdp(interfaceName: string, port: number): void {
    if (this.linkSockets.get(interfaceName)?.delete(port)) this.ctx.tables.delete(this.deviceId, SOCKET_TABLE.name, `udp:${interfaceName}:${port}`);
  }

  /**
   * Sets or clears an interface's address while the network runs (a DHCP
   * lease bound, renewed with other settings, or lost), as `ip addr` and
   * `ip route` would: the connected route and the default gateway follow,
   * journaled so the live tables step back with the trace.
   */
  configure(interfaceName: string, cidr: Ipv4Cidr | undefined, gateway: number | undefined): void {
    const iface = this.byName.get(interfaceName);
    if (!iface) return;
    this.routingTable.removeAddressRoutes(interfaceName);
    iface.cidr = cidr;
    this.own = undefined;
    iface.gateway = cidr && gateway !== undefined && inSubnet(gateway, cidr) ? gateway : undefined;
    if (!cidr) return;
    this.routingTable.addConnected(interfaceName, cidr, true);
    if (iface.gateway !== undefined) this.routingTable.addGateway(interfaceName, iface.gateway, true);
    // A new address is announced at once, so a device already using it objects (RFC 5227 §2.3).
    this.arp.announce(iface, `${interfaceName} was just given this address`);
  }

  /** Where a packet to `dst` goes, or why it cannot go (like Linux's "Network is unreachable"). */
  route(dst: number): Result<NextHop> {
    // Runs for every packet sent: no array is made unless there is a problem to word.
    if (!this.hasAddress()) return { ok: false, error: `${this.name} has no IPv4 address yet, so it cannot send to ${formatIpv4(dst)}` };
    const choice = this.routingTable.lookup(dst);
    // Worked out once per choice: its interface cannot lose its address without the table changing its routes.
    if (choice?.resolved) return choice.resolved;
    const iface = choice && this.byName.get(choice.route.interfaceName);
    if (!choice || !iface?.cidr) {
      const nets = this.interfaces.filter((i) => i.cidr).map((i) => subnet(i.cidr!)).join(' or ');
      const missing = this.forward ? 'no route covers it, not even a default route' : `${this.name} has no default gateway`;
      return { ok: false, error: `Network is unreachable: ${formatIpv4(dst)} is not in ${nets} and ${missing}` };
    }
    return (choice.resolved = { ok: true, value: { iface, nextHop: choice.nextHop, reason: choice.reason } });
  }

  /** Sends an IPv4 packet this device makes; `notes` explain the layers above IP. */
  send(dst: number, protocol: number, payload: Uint8Array, notes: NoteInput[], options: SendOptions = {}, route = this.route(dst)): Result<void> {
    if (!route.ok) return route;
    const frame = newFrame(IPV4_HEADER_LENGTH + payload.length);
    frame.set(payload, ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH);
    this.sendInFrame(route.value, dst, protocol, frame, payload.length, notes, options);
    return { ok: true, value: undefined };
  }

  /** Sends the packet whose payload is already in `frame` (see `newFrame`), writing its IPv4 header in front; IPv4's note follows `layers` (left as they are). */
  private sendInFrame(hop: NextHop, dst: number, protocol: number, frame: Uint8Array, payloadLength: number, layers: NoteInput[], options: SendOptions): void {
    const { iface, nextHop } = hop;
    const src = options.src ?? iface.cidr!.address;
    const ttl = options.ttl ?? IPV4_DEFAULT_TTL;
    const tos = options.tos ?? 0;
    this.identification = (this.identification + 1) & 0xffff;
    writeIpv4Header({ src, dst, protocol, ttl, identification: this.identification, dontFragment: options.dontFragment ?? true, dscp: tos >>> 2, ecn: tos & 3 }, payloadLength, frame, ETHERNET_HEADER_LENGTH);
    let said = hop.sentNote;
    if (said === undefined || said.src !== src || said.dst !== dst || said.ttl !== ttl) {
      hop.sentNote = said = { src, dst, ttl, note: L3('IPv4', `from ${formatIpv4(src)} to ${formatIpv4(dst)}, TTL ${ttl}: ${hop.reason}`) };
    }
    const done = this.output?.(frame.subarray(ETHERNET_HEADER_LENGTH, ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH + payloadLength), iface);
    const notes = done ? [...layers, said.note, done] : withNote(layers, said.note);
    this.arp.send({ iface, nextHop, frame, notes, frameId: this.ctx.newFrameId() });
  }

  /** Sends an ICMP message, written straight into its frame; `route` when the caller has already looked it up. */
  sendIcmp(dst: number, message: IcmpMessage, reason: Reason, options: SendOptions = {}, route = this.route(dst)): Result<void> {
    if (!route.ok) return route;
    const length = icmpLength(message);
    const frame = newFrame(IPV4_HEADER_LENGTH + length);
    writeIcmp(message, frame, ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH);
    this.sendInFrame(route.value, dst, IP_PROTO_ICMP, frame, length, [{ layer: 3, protocol: 'ICMP', reason }], options);
    return { ok: true, value: undefined };
  }

  /** Sends a UDP datagram from `srcPort`; `reason` says why, at layer 4. */
  sendUdp(srcPort: number, dst: number, dstPort: number, payload: Uint8Array, reason: string, options: SendOptions = {}): Result<void> {
    const route = this.route(dst);
    if (!route.ok) return route;
    const src = options.src ?? route.value.iface.cidr!.address;
    const datagram = encodeUdp({ srcPort, dstPort, payload }, src, dst);
    return this.send(dst, IP_PROTO_UDP, datagram, [...(options.above ?? []), L4(`port ${srcPort} → ${dstPort}, ${payload.length} data bytes: ${reason}`)], { ...options, src }, route);
  }

  /**
   * Sends a UDP datagram straight out of one interface to a MAC address,
   * past the routing table and ARP, as DHCP must (RFC 2131 §4.1): a client
   * with no address yet sends from 0.0.0.0 to 255.255.255.255, and a server
   * answers it at the MAC its request came from. The IPv4 header is the one
   * ISC dhclient and dhcpd build for their raw sockets (common/packet.c):
   * TOS 0x10 (low delay), identification 0, no DF, TTL 128.
   */
  sendUdpOnLink(interfaceName: string, to: { mac: string; ip: number }, src: number, srcPort: number, dstPort: number, payload: Uint8Array, notes: { above: LayerNote[]; l4: string; l2: string }): Result<void> {
    const iface = this.byName.get(interfaceName);
    if (!iface) return { ok: false, error: `${this.name} has no interface ${interfaceName}` };
    const datagram = encodeUdp({ srcPort, dstPort, payload }, src, to.ip);
    const packet = encodeIpv4({ src, dst: to.ip, protocol: IP_PROTO_UDP, ttl: RAW_SOCKET_TTL, identification: 0, dontFragment: false, dscp: RAW_SOCKET_TOS >>> 2, payload: datagram });
    const frame = encodeEthernet({ dst: to.mac, src: iface.nic.mac, etherType: ETHERTYPE_IPV4, payload: packet });
    iface.nic.transmit(frame, this.ctx.newFrameId(), [
      ...notes.above,
      L4(`port ${srcPort} → ${dstPort}, ${payload.length} data bytes: ${notes.l4}`),
      L3('IPv4', `from ${formatIpv4(src)} to ${formatIpv4(to.ip)}, TTL ${RAW_SOCKET_TTL}, built by the DHCP software itself and sent straight out of ${interfaceName}, not through the routing table`),
      L2(notes.l2),
    ]);
    return { ok: true, value: undefined };
  }

  /**
   * An ICMP error about a packet, checked against the rules and the rate
   * limit first. The caller says what happened in its own event, with the
   * plan's `note`, then calls `send`.
   */
  planIcmpError(about: { ip: Ipv4Packet; packet: Uint8Array; linkBroadcast: boolean }, spec: ErrorSpec, why: string, options: { noRoute?: boolean } = {}): PlannedError {
    const { ip, packet } = about;
    const words = errorWords(spec);
    const nothing = (note: string): PlannedError => ({ note, send: () => undefined });
    const forbidden = icmpErrorForbidden(ip, about.linkBroadcast, (a) => this.isBroadcast(a));
    if (forbidden !== undefined) return nothing(`no ICMP error goes back, because ${forbidden}`);
    if (spec.kind !== 'redirect') {
      const now = this.ctx.scheduler.now;
      // Linux's ip_error spends from the host's bucket before icmp_send does, both times.
      const allowed = (!options.noRoute || this.rateLimit.spend(ip.src, now, ROUTE_ERROR_BURST)) && this.rateLimit.spend(ip.src, now);
      if (!allowed) return nothing(`no ICMP ${words} goes back: ${this.name} already sent ${formatIpv4(ip.src)} a burst of errors, and Linux then allows about one a second (net.ipv4.icmp_ratelimit)`);
    }
    const back = this.route(ip.src);
    if (!back.ok) return nothing(`no ICMP ${words} can go back: ${back.error}`);
    // An error about a packet addressed to this device comes from that address; otherwise from the interface the error leaves by.
    const src = this.isOwnAddress(ip.dst) ? ip.dst : undefined;
    const original = quoteForIcmpError(packet, LINUX_ICMP_QUOTE_LIMIT);
    const message: IcmpMessage = { ...spec, original };
    return {
      note: `${formatIpv4(ip.src)} is told with an ICMP ${words}`,
      send: () => void this.sendIcmp(ip.src, message, `${words}: ${why}; it quotes the first ${original.length} bytes of the packet so the sender can tell which one`, { src, tos: ICMP_ERROR_TOS, dontFragment: false }),
    };
  }

  receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    const arrival = acceptFrame(this.ctx, this.deviceId, nic, bytes, frameId);
    if (arrival) this.receiveFrame(arrival);
  }

  /** A frame already accepted for one of this device's interfaces (see `acceptFrame`): ARP or IPv4. */
  receiveFrame({ nic, frame, etherType, l2, group }: FrameArrival): void {
    const iface = this.interfaceOf(nic);
    if (etherType === ETHERTYPE_ARP) this.arp.receive(iface, frame, l2);
    else if (etherType === ETHERTYPE_IPV4) this.receiveIpv4(iface, frame, l2, group);
    else this.ctx.trace.record({ device: this.deviceId, interface: nic.name, type: 'drop', frame, layers: [l2, L2(`EtherType 0x${hex4(etherType)} is not a protocol ${this.name} speaks`)] });
  }

  private receiveIpv4(iface: HostInterface, frame: FrameRef, l2: LayerNote, linkBroadcast: boolean): void {
    const parsed = parseIpv4(frame.bytes, ETHERNET_HEADER_LENGTH);
    if (!parsed.ok) return void this.dropIpv4(iface, frame, l2, `malformed IPv4 packet: ${parsed.error}`);
    const ip = parsed.value;
    if (!ip.checksumOk) return void this.dropIpv4(iface, frame, l2, `header checksum 0x${hex4(ip.checksum)} is wrong, so the header was damaged on the way: dropped`);
    const packet = frame.bytes.subarray(ETHERNET_HEADER_LENGTH, ETHERNET_HEADER_LENGTH + ip.totalLength);
    const linkSocket = this.linkSocketFor(iface, ip);
    if (linkSocket) return void this.receiveUdp({ iface, ip, packet, frame, l2, linkBroadcast }, linkSocket);
    const arrived: Transit = { iface, ip, packet, frame, l2, linkBroadcast };
    const arrival = this.prerouting ? this.prerouting(arrived) : arrived;
    if (arrival) this.deliverOrForward(arrival);
  }

  private dropIpv4(iface: HostInterface, frame: FrameRef, l2: LayerNote, reason: string): void {
    this.ctx.trace.recordFrame(this.deviceId, iface.nic.name, undefined, 'drop', frame.id, frame.bytes, [l2, L3('IPv4', reason)]);
  }

  /** Linux takes a packet for any of its addresses on any interface (the weak host model), and the broadcasts of its networks. */
  private deliverOrForward(arrival: Transit): void {
    const { iface, ip, frame, l2 } = arrival;
    const mine = iface.cidr?.address;
    const forMe = this.isOwnAddress(ip.dst) || (mine !== undefined && this.isBroadcast(ip.dst));
    if (!forMe) {
      if (this.forward) return void this.forward(arrival);
      return void this.dropIpv4(iface, frame, l2, `for ${formatIpv4(ip.dst)}, not for me${mine === undefined ? '' : ` (${formatIpv4(mine)})`}; computers do not forward packets`);
    }
    if (ip.protocol === IP_PROTO_ICMP) this.receiveIcmp(arrival);
    else if (ip.protocol === IP_PROTO_UDP) this.receiveUdp(arrival);
    else if (ip.protocol === IP_PROTO_TCP && this.receiveTcp) this.receiveTcp(arrival);
    else this.dropIpv4(iface, frame, l2, `protocol ${ip.protocol} has nobody listening on ${this.name}`);
  }

  private receiveIcmp(arrival: Transit): void {
    const { ip } = arrival;
    const l3 = this.icmpArrivalNote(ip);
    const parsed = parseIcmp(ip.bytes, ip.payloadAt, ip.payloadEnd);
    if (!parsed.ok) return void this.recordIcmp(arrival, l3, 'drop', `malformed ICMP: ${parsed.error}`);
    if (!parsed.value.checksumOk) return void this.recordIcmp(arrival, l3, 'drop', 'ICMP checksum is wrong: the message was damaged, dropped');
    const message = parsed.value;
    if (message.kind === 'echo-request') {
      if (this.isBroadcast(ip.dst)) return void this.recordIcmp(arrival, l3, 'drop', `echo request to the broadcast address ${formatIpv4(ip.dst)}: Linux does not answer those (net.ipv4.icmp_echo_ignore_broadcasts)`);
      const reply = { kind: 'echo-reply', identifier: message.identifier, sequence: message.sequence, data: message.data } as const;
      const route = this.route(ip.src);
      if (!route.ok) return void this.recordIcmp(arrival, l3, 'drop', `echo request id=${message.identifier} seq=${message.sequence}, but no reply can go back: ${route.error}`);
      // Worded only if read: every echo request of a busy network is answered.
      const { identifier, sequence } = message;
      this.recordIcmp(arrival, l3, 'receive', () => `echo request id=${identifier} seq=${sequence}: answering with an echo reply`);
      // The reply comes from the address that was asked, keeps the request's TOS, and goes without DF, as Linux's icmp_reply does.
      this.sendIcmp(ip.src, reply, () => `echo reply id=${identifier} seq=${sequence}, the same data sent back`, { src: ip.dst, tos: (ip.dscp << 2) | ip.ecn, dontFragment: false }, route);
      return;
    }
    if (message.kind === 'redirect') return void this.receiveRedirect(arrival, l3, message);
    const recipient = this.recipientOf(message);
    if (!recipient) return void this.recordIcmp(arrival, l3, 'drop', `${kindWords(message)} that no running app is waiting for`);
    this.recordIcmp(arrival, l3, 'deliver', () => `${kindWords(message)} ${recipient.about()}: handed to ${recipient.owner}`);
    recipient.deliver({ message, from: ip.src, ttl: ip.ttl, length: ip.payloadEnd - ip.payloadAt });
  }

  private recordIcmp(arrival: Transit, l3: LayerNote, type: 'receive' | 'deliver' | 'drop', reason: Reason): void {
    const { iface, frame, l2 } = arrival;
    this.ctx.trace.recordFrame(this.deviceId, iface.nic.name, undefined, type, frame.id, frame.bytes, [l2, l3, { layer: 3, protocol: 'ICMP', reason }]);
  }

  private icmpArrivalNote(ip: Ipv4Packet): LayerNote {
    const key = ip.src * 256 + ip.ttl;
    let note = this.icmpArrivalNotes.get(key);
    if (note === undefined) {
      if (this.icmpArrivalNotes.size >= NOTE_CACHE_LIMIT) this.icmpArrivalNotes.clear();
      this.icmpArrivalNotes.set(key, (note = L3('IPv4', `from ${formatIpv4(ip.src)} to me, TTL ${ip.ttl}, carrying ICMP`)));
    }
    return note;
  }

  /** RFC 1122 §3.2.2.2: a host follows a redirect from the router it used, to another router on the same network. */
  private receiveRedirect(arrival: Transit, l3: LayerNote, message: Extract<IcmpMessage, { kind: 'redirect' }>): void {
    const { iface, ip } = arrival;
    const quoted = parseIpv4Header(message.original);
    const gateway = formatIpv4(message.gateway);
    if (this.forward) return void this.recordIcmp(arrival, l3, 'drop', `redirect to ${gateway}: ${this.name} forwards packets itself, and a router does not take redirects (Linux turns accept_redirects off with forwarding)`);
    if (!quoted.ok) return void this.recordIcmp(arrival, l3, 'drop', `redirect to ${gateway}, but it quotes no packet to say which destination: ${quoted.error}`);
    const dst = quoted.value.dst;
    const current = this.routingTable.lookup(dst);
    if (!current || current.nextHop !== ip.src) {
      return void this.recordIcmp(arrival, l3, 'drop', `redirect for ${formatIpv4(dst)} from ${formatIpv4(ip.src)}, which is not the router ${this.name} uses for it${current ? ` (${formatIpv4(current.nextHop)})` : ''}: ignored`);
    }
    const valid = iface.cidr && inSubnet(message.gateway, iface.cidr) && !this.isOwnAddress(message.gateway) && hostAddressProblem({ address: message.gateway, prefix: iface.cidr.prefix }) === undefined;
    if (!valid) return void this.recordIcmp(arrival, l3, 'drop', `redirect for ${formatIpv4(dst)} to ${gateway}, which is not another device on ${iface.nic.name}'s network: ignored`);
    this.routingTable.learnRedirect(dst, message.gateway, iface.nic.name, ip.src, REDIRECT_LIFETIME_NS);
    this.recordIcmp(arrival, l3, 'receive', `${formatIpv4(ip.src)} says ${gateway}, on this same network, is the better first hop for ${formatIpv4(dst)}: from now on packets for ${formatIpv4(dst)} go straight to ${gateway} (for ${REDIRECT_LIFETIME_NS / 1e9} s)`);
    // iputils ping prints redirects about its requests too.
    const echo = quotedEcho(message.original);
    const listener = echo && this.listeners.get(echo.identifier);
    listener?.({ message, from: ip.src, ttl: ip.ttl, length: ip.payloadEnd - ip.payloadAt });
  }

  /**
   * The interface's own socket for a UDP datagram, if one listens on its
   * port and the datagram is for this interface: to its address, to the
   * limited broadcast, or anything at all while it has no address yet.
   */
  private linkSocketFor(iface: HostInterface, ip: Ipv4Packet): { socket: UdpSocket; l3: string } | undefined {
    if (ip.protocol !== IP_PROTO_UDP || ip.payload.length < 4) return undefined;
    const sockets = this.linkSockets.get(iface.nic.name);
    if (!sockets) return undefined;
    const socket = sockets.get((ip.payload[2] << 8) | ip.payload[3]);
    if (!socket) return undefined;
    const from = `from ${formatIpv4(ip.src)} to ${formatIpv4(ip.dst)}, TTL ${ip.ttl}, carrying UDP`;
    if (!iface.cidr) return { socket, l3: `${from}: ${iface.nic.name} has no address yet, so ${socket.owner}'s own socket on ${iface.nic.name} takes it` };
    if (ip.dst === 0xffffffff || ip.dst === iface.cidr.address) return { socket, l3: `${from}: for ${iface.nic.name}, where ${socket.owner} listens` };
    return undefined;
  }

  private receiveUdp(arrival: Transit, link?: { socket: UdpSocket; l3: string }): void {
    const { iface, ip, frame, l2 } = arrival;
    const l3 = L3('IPv4', link?.l3 ?? `from ${formatIpv4(ip.src)} to me, TTL ${ip.ttl}, carrying UDP`);
    const record = (type: 'deliver' | 'drop', reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, l3, L4(reason)] });
    const parsed = parseUdp(ip.payload, ip.src, ip.dst);
    if (!parsed.ok) return void record('drop', `malformed UDP: ${parsed.error}`);
    const udp = parsed.value;
    if (!udp.checksumOk) return void record('drop', 'UDP checksum is wrong: the datagram was damaged, so it is dropped (UDP sends no error for that)');
    const socket = link?.socket ?? this.sockets.get(udp.dstPort);
    if (socket) {
      record('deliver', `port ${udp.srcPort} → ${udp.dstPort}: ${socket.owner} listens on port ${udp.dstPort}, handed to it`);
      socket.onDatagram?.({ from: ip.src, fromMac: macFromBytes(frame.bytes, 6), fromPort: udp.srcPort, to: ip.dst, ttl: ip.ttl, payload: udp.payload });
      return;
    }
    const plan = this.planIcmpError(arrival, { kind: 'destination-unreachable', code: 3 }, `nothing listens on UDP port ${udp.dstPort} on ${this.name}`);
    record('drop', `port ${udp.srcPort} → ${udp.dstPort}: no program on ${this.name} listens on port ${udp.dstPort}, so the datagram is dropped; ${plan.note}`);
    plan.send();
  }

  /** Who an ICMP message is for: a ping by its echo identifier, a UDP socket by the port the quoted datagram came from; what it is about is worded if read. */
  private recipientOf(message: IcmpMessage): { owner: string; about: () => string; deliver: IcmpListener } | undefined {
    if (isIcmpEcho(message)) {
      const listener = this.listeners.get(message.identifier);
      return listener && { owner: 'ping', about: () => `id=${message.identifier} seq=${message.sequence}`, deliver: listener };
    }
    const echo = quotedEcho(message.original);
    if (echo) {
      const listener = this.listeners.get(echo.identifier);
      return listener && { owner: 'ping', about: () => `about an earlier ping (seq=${echo.sequence})`, deliver: listener };
    }
    const tcp = this.tcpErrorRecipient?.(message);
    if (tcp) return tcp;
    const udp = quotedUdp(message.original);
    const socket = udp && this.isOwnAddress(udp.src) ? this.sockets.get(udp.srcPort) : undefined;
    if (!udp || !socket?.onError) return undefined;
    return { owner: socket.owner, about: () => `about UDP port ${udp.srcPort} → ${formatIpv4(udp.dst)} port ${udp.dstPort}`, deliver: socket.onError };
  }

  /** A packet this device sent found no next hop: its app hears host unreachable from the device itself, as Linux reports EHOSTUNREACH. */
  private unreachableHere(out: Outgoing): void {
    const original = quoteForIcmpError(packetOf(out));
    const message: IcmpMessage = { kind: 'destination-unreachable', code: 1, original };
    this.recipientOf(message)?.deliver({ message, from: out.iface.cidr!.address, ttl: IPV4_DEFAULT_TTL, length: 8 + original.length });
  }
}

function errorWords(spec: ErrorSpec): string {
  if (spec.kind === 'time-exceeded') return `time exceeded (${timeExceededCodeName(spec.code).toLowerCase()})`;
  if (spec.kind === 'redirect') return `redirect (${redirectCodeName(spec.code).toLowerCase()})`;
  return `destination unreachable (${unreachableCodeName(spec.code).toLowerCase()})`;
}

function kindWords(message: IcmpMessage): string {
  if (message.kind === 'destination-unreachable') return `destination unreachable (${unreachableCodeName(message.code).toLowerCase()})`;
  if (message.kind === 'time-exceeded') return 'time exceeded';
  return message.kind.replace('-', ' ');
}

function subnet(cidr: Ipv4Cidr): string {
  return formatCidr({ address: networkOf(cidr), prefix: cidr.prefix });
}
