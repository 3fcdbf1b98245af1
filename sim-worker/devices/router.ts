/**
 * A router: a Linux machine with ip_forward on. Each interface has its own
 * MAC address and network; the IPv4 stack is a computer's (it answers ARP and
 * ping for its own addresses), plus forwarding, as Linux's ip_forward does it
 * (RFC 1812 §5.2–5.3):
 *   1. only packets sent to its own MAC are forwarded, never broadcasts;
 *   2. look up the route: none → ICMP destination unreachable (network);
 *   3. TTL ≤ 1 → ICMP time exceeded (Linux looks up the route first, so a
 *      packet to nowhere gets "network unreachable" whatever its TTL);
 *   4. TTL − 1, checksum patched (RFC 1624);
 *   5. back out of the interface it came in on, from a sender on that
 *      network → also an ICMP redirect to the better first hop (RFC 792);
 *   6. ARP for the next hop; no answer → ICMP destination unreachable (host).
 * The forwarded frame keeps its frame id (see TraceFrame in api.ts).
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import { Nic } from '../engine/nic';
import type { NoteInput } from '../engine/trace';
import type { TableSpec } from '../engine/tables';
import { ARP_TABLE } from '../stack/arp-cache';
import { type Outgoing, packetOf } from '../stack/arp-resolver';
import { type HostInterface, Ipv4Host, type Transit } from '../stack/ipv4-host';
import { ROUTING_TABLE, type StaticRoute } from '../stack/routing-table';
import { formatIpv4, inSubnet, ipv4FromBytes, type Ipv4Cidr } from '../wire/address';
import { formatChecksum } from '../wire/checksum';
import { ICMP_REDIRECT_HOST, ICMP_TTL_EXCEEDED_IN_TRANSIT, ICMP_UNREACHABLE_HOST, ICMP_UNREACHABLE_NETWORK } from '../wire/icmp';
import { ETHERNET_HEADER_LENGTH, newFrame } from '../wire/ethernet';
import { decrementTtl, parseIpv4 } from '../wire/ipv4';
import { IpDevice } from './device';

export interface RouterInterface {
  name: string;
  mac: string;
  cidr?: Ipv4Cidr;
  /** A default gateway through this interface: a home router's, towards its ISP. */
  gateway?: number;
}

export const ROUTER_ARP_TABLE: TableSpec = { ...ARP_TABLE, empty: 'Empty: this router has not learned anyone’s MAC address yet.' };

/**
 * Linux's redirect back-off (ip_rt_send_redirect): the first redirect to a
 * host goes at once, the next after 20 ms << n (ip_rt_redirect_load), none
 * after 9 (ip_rt_redirect_number) until the host has been quiet for 20.48 s
 * (ip_rt_redirect_silence).
 */
const REDIRECT_LOAD_NS = 20_000_000;
const REDIRECT_NUMBER = 9;
const REDIRECT_SILENCE_NS = REDIRECT_LOAD_NS * 2 ** (REDIRECT_NUMBER + 1);

const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });

/** What a plain router's POSTROUTING did: nothing, for every packet alike (one answer, shared, never changed). */
const UNTOUCHED: Result<LayerNote[]> = { ok: true, value: [] };

export class Router extends IpDevice {
  readonly tableSpecs = [ROUTING_TABLE, ROUTER_ARP_TABLE];
  readonly ip: Ipv4Host;
  private redirectsSent = new Map<number, { count: number; last: number }>();
  /** Made once, not for every packet forwarded. */
  private readonly nextHopSilentBound = (out: Outgoing) => this.nextHopSilent(out);

  constructor(ctx: SimContext, id: string, name: string, interfaces: RouterInterface[], routes: StaticRoute[]) {
    super(ctx, id, name);
    const hostInterfaces = interfaces.map((iface) => {
      const nic = this.createNic(iface);
      this.addNic(nic);
      return { nic, cidr: iface.cidr, gateway: iface.gateway };
    });
    this.ip = new Ipv4Host(ctx, id, hostInterfaces, {
      routes, forward: (transit) => this.forward(transit), prerouting: (arrival) => this.prerouting(arrival), output: (packet, exit) => this.output(packet, exit),
    });
  }

  protected override routesIpv6(): boolean {
    return true;
  }

  /** The network card of an interface: one on a cable. (A home router's `lan` leads into its built-in switch instead.) Called from the constructor. */
  protected createNic(iface: RouterInterface): Nic {
    return new Nic(this, iface.name, iface.mac);
  }

  /** Before routing, as netfilter's PREROUTING: a home router translates replies here. A plain router leaves packets alone. */
  protected prerouting(arrival: Transit): Transit | undefined {
    return arrival;
  }

  /** A packet the router itself makes, on its way out of `exit`, as netfilter's OUTPUT: a home router translates the quote in its own ICMP errors here. */
  protected output(_packet: Uint8Array, _exit: HostInterface): LayerNote | undefined {
    return undefined;
  }

  /**
   * After routing, on the way out of `exit`, as netfilter's POSTROUTING: a
   * home router masquerades here, rewriting `packet` in place. Returns what
   * it did, for the forwarding event, or why the packet must be dropped.
   */
  protected postrouting(_transit: Transit, _exit: HostInterface, _packet: Uint8Array): Result<LayerNote[]> {
    return UNTOUCHED;
  }

  private forward(transit: Transit): void {
    const { iface, ip, frame } = transit;
    if (transit.linkBroadcast) {
      return this.recordTransit(transit, 'drop', [L3('IPv4', `a broadcast frame carrying a packet for ${formatIpv4(ip.dst)}: a router forwards only packets sent to its own MAC address`)]);
    }
    const martian = martianProblem(ip.src, ip.dst);
    if (martian !== undefined) return this.recordTransit(transit, 'drop', [L3('IPv4', `not forwarded: ${martian}`)]);

    const route = this.ip.route(ip.dst);
    if (!route.ok) {
      const dst = formatIpv4(ip.dst);
      const plan = this.ip.planIcmpError(transit, { kind: 'destination-unreachable', code: ICMP_UNREACHABLE_NETWORK }, `${this.name} has no route to ${dst}`, { noRoute: true });
      this.recordTransit(transit, 'drop', [L3('IPv4', `${this.name} has no route to ${dst}: ${route.error.replace(/^Network is unreachable: /, '')}. Dropped; ${plan.note}`)]);
      return plan.send();
    }
    const hop = route.value;
    const { iface: exit, nextHop } = hop;
    if (ip.ttl <= 1) {
      const plan = this.ip.planIcmpError(transit, { kind: 'time-exceeded', code: ICMP_TTL_EXCEEDED_IN_TRANSIT }, `the packet for ${formatIpv4(ip.dst)} ran out of hops at ${this.name}`);
      this.recordTransit(transit, 'drop', [L3('IPv4', `TTL ${ip.ttl}: one more hop would take it to 0, so ${this.name} must not forward it (RFC 1812 §5.3.1). Dropped; ${plan.note}`)]);
      return plan.send();
    }

    // A copy, in the frame it leaves in: the frame that arrived stays in the trace as it was.
    const frameOut = newFrame(transit.packet.length);
    frameOut.set(transit.packet, ETHERNET_HEADER_LENGTH);
    const packet = frameOut.subarray(ETHERNET_HEADER_LENGTH, ETHERNET_HEADER_LENGTH + transit.packet.length);
    const oldChecksum = (packet[10] << 8) | packet[11];
    const ttl = decrementTtl(packet);
    const newChecksum = (packet[10] << 8) | packet[11];
    // Worded only if the event is read, from values fixed now.
    const { src, dst, ttl: ttlIn } = ip;
    const ttlWords = () => `TTL ${ttlIn} → ${ttl}, so the header checksum changes too: ${formatChecksum(oldChecksum)} → ${formatChecksum(newChecksum)}`;
    // The route is looked up for this destination, so the words stay with it.
    const routeNote = (hop.forwardNote ??= L3('IPv4', `route for ${formatIpv4(ip.dst)}: ${hop.reason}`));
    const layers = this.arrivalLayers(transit, [routeNote, { layer: 3, protocol: 'IPv4', reason: ttlWords }]);

    const redirect = this.redirectPlan(transit, exit === iface, nextHop, packet);
    if (redirect) layers.push(L3('ICMP', redirect.note));
    const translated = this.postrouting(transit, exit, packet);
    if (!translated.ok) {
      layers.push(L3('NAT', translated.error));
      return this.recordDecision(transit, 'drop', layers);
    }
    for (const note of translated.value) layers.push(note);
    this.recordDecision(transit, 'forward', layers);
    redirect?.send();
    const rewritten = transit.notes?.length || translated.value.length;
    // NAT's addresses are read now: they are the packet's as it leaves.
    const natAddresses = rewritten ? `NAT made the IP addresses ${formatIpv4(ipv4FromBytes(packet, 12))} → ${formatIpv4(ipv4FromBytes(packet, 16))}` : undefined;
    const forwarded = () => {
      const to = formatIpv4(dst);
      const toward = nextHop === dst ? `${to} itself, on ${exit.nic.name}'s network` : `the next router ${formatIpv4(nextHop)}`;
      return `forwarded from ${iface.nic.name} to ${toward}; ${natAddresses ?? `the IP addresses stay ${formatIpv4(src)} → ${to}`}, ${ttlWords()}`;
    };
    this.ip.arp.send({
      iface: exit, nextHop, frame: frameOut, frameId: frame.id,
      notes: [{ layer: 3, protocol: 'IPv4', reason: forwarded }],
      unreachable: this.nextHopSilentBound,
    });
  }

  /** The forwarding decision about a packet that came in: what was said of it on arrival, then `notes`. */
  private recordTransit(transit: Transit, type: 'forward' | 'drop', notes: NoteInput[]): void {
    this.recordDecision(transit, type, this.arrivalLayers(transit, notes));
  }

  /** What was said of a packet on arrival, then `notes`, in a new list made at its full size (pushing onto a short array makes V8 give it room for many more). */
  private arrivalLayers(transit: Transit, notes: NoteInput[]): NoteInput[] {
    return transit.notes ? [transit.l2, ...transit.notes, ...notes] : [transit.l2, ...notes];
  }

  /** The event of a forwarding decision, `layers` made by `arrivalLayers` and the decision's notes. */
  private recordDecision(transit: Transit, type: 'forward' | 'drop', layers: NoteInput[]): void {
    this.ctx.trace.recordFrame(this.id, transit.iface.nic.name, undefined, type, transit.frame.id, transit.frame.bytes, layers);
  }

  /** RFC 792 / Linux: out of the interface it came in on, from a sender on that network, means the sender could have gone straight to the next hop. */
  private redirectPlan(transit: Transit, sameInterface: boolean, nextHop: number, forwarded: Uint8Array): { note: string; send(): void } | undefined {
    const { iface, ip } = transit;
    if (!sameInterface || !iface.cidr || !inSubnet(ip.src, iface.cidr)) return undefined;
    const now = this.ctx.scheduler.now;
    const peer = this.redirectsSent.get(ip.src) ?? { count: 0, last: now };
    if (now - peer.last > REDIRECT_SILENCE_NS) peer.count = 0;
    this.redirectsSent.set(ip.src, peer);
    const why = `it goes back out of ${iface.nic.name}, where it came from, and ${formatIpv4(ip.src)} is on that network too`;
    if (peer.count >= REDIRECT_NUMBER) {
      peer.last = now;
      return { note: `${why}; ${REDIRECT_NUMBER} redirects went unheeded, so Linux stops sending them for a while`, send: () => undefined };
    }
    if (peer.count > 0 && now <= peer.last + REDIRECT_LOAD_NS * 2 ** peer.count) {
      return { note: `${why}; a redirect went to ${formatIpv4(ip.src)} moments ago, so Linux waits before sending another`, send: () => undefined };
    }
    peer.count++;
    peer.last = now;
    // The redirect quotes the packet as forwarded, its TTL already lowered, as Linux's does.
    const parsed = parseIpv4(forwarded);
    if (!parsed.ok) return undefined;
    const plan = this.ip.planIcmpError({ ip: parsed.value, packet: forwarded, linkBroadcast: false }, { kind: 'redirect', code: ICMP_REDIRECT_HOST, gateway: nextHop },
      `${formatIpv4(ip.src)} can reach ${formatIpv4(nextHop)} directly, so packets for ${formatIpv4(ip.dst)} should go there, not through ${this.name}`);
    return { note: `${why}: forwarded anyway, and ${plan.note} naming ${formatIpv4(nextHop)} as the better first hop`, send: plan.send };
  }

  /** The next hop never answered ARP: the sender hears host unreachable (RFC 1812 §5.2.7.1). */
  private nextHopSilent(out: Outgoing): void {
    const packet = packetOf(out);
    const parsed = parseIpv4(packet);
    if (!parsed.ok) return;
    const plan = this.ip.planIcmpError({ ip: parsed.value, packet, linkBroadcast: false }, { kind: 'destination-unreachable', code: ICMP_UNREACHABLE_HOST },
      `${formatIpv4(out.nextHop)} did not answer ARP on ${out.iface.nic.name}'s network`);
    plan.send();
  }
}

/** Addresses a router never forwards from or to (RFC 1812 §5.3.7, Linux's martians). */
function martianProblem(src: number, dst: number): string | undefined {
  const bad = martianKind(dst);
  if (bad) return `the destination ${formatIpv4(dst)} is ${bad}`;
  const badSource = martianKind(src);
  if (badSource) return `the source ${formatIpv4(src)} is ${badSource}: no reply could ever go back`;
  return undefined;
}

function martianKind(a: number): string | undefined {
  const first = a >>> 24;
  if (a === 0xffffffff) return 'the limited broadcast address';
  if (first === 0) return 'a "this network" address (0.0.0.0/8)';
  if (first === 127) return 'a loopback address';
  if (first >= 224 && first < 240) return 'a multicast address, and this router does no multicast routing';
  if (first >= 240) return 'a reserved address';
  return undefined;
}
