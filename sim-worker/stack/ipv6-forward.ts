/**
 * How a router forwards IPv6, as Linux's ip6_forward does (RFC 8200, RFC 4443):
 *   1. only packets sent to its own MAC, never multicast;
 *   2. a link-local source or destination never leaves its link: "beyond scope";
 *   3. look up the route: none → ICMPv6 destination unreachable (no route);
 *   4. hop limit ≤ 1 → ICMPv6 time exceeded;
 *   5. hop limit − 1; there is no header checksum to patch;
 *   6. neighbour discovery for the next hop; no answer → address unreachable.
 * Left out: IPv6 redirects (RFC 4861 §8) and packet too big, as every link here has the same MTU.
 * The forwarded frame keeps its frame id (see TraceFrame in api.ts).
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { formatIpv6, isLinkLocal6 } from '../wire/address6';
import { ICMPV6_HOP_LIMIT_EXCEEDED, ICMPV6_UNREACHABLE_ADDRESS, ICMPV6_UNREACHABLE_BEYOND_SCOPE, ICMPV6_UNREACHABLE_NO_ROUTE } from '../wire/icmpv6';
import { decrementHopLimit, parseIpv6 } from '../wire/ipv6';
import type { Ipv6Host, Transit6 } from './ipv6-host';
import type { Outgoing6 } from './ndp';

const L3 = (reason: string): LayerNote => ({ layer: 3, protocol: 'IPv6', reason });

export function forwardIpv6(ctx: SimContext, deviceId: string, host: Ipv6Host, transit: Transit6): void {
  const { iface, ip, frame, l2 } = transit;
  const name = ctx.nameOf(deviceId);
  const dst = formatIpv6(ip.dst);
  const record = (type: 'forward' | 'drop', notes: LayerNote[]) => ctx.trace.record({ device: deviceId, interface: iface.nic.name, type, frame, layers: [l2, ...notes] });
  if (transit.linkMulticast) return void record('drop', [L3(`a multicast frame carrying a packet for ${dst}: a router forwards only packets sent to its own MAC address`)]);
  if (isLinkLocal6(ip.src) || isLinkLocal6(ip.dst)) {
    const plan = host.planIcmpError(transit, { kind: 'destination-unreachable', code: ICMPV6_UNREACHABLE_BEYOND_SCOPE }, `a link-local address is only good on its own link`);
    record('drop', [L3(`${formatIpv6(isLinkLocal6(ip.src) ? ip.src : ip.dst)} is link-local (fe80::/10): such packets never leave their link (RFC 4291 §2.5.6). Dropped; ${plan.note}`)]);
    return plan.send();
  }
  const route = host.route(ip.dst);
  if (!route.ok) {
    const plan = host.planIcmpError(transit, { kind: 'destination-unreachable', code: ICMPV6_UNREACHABLE_NO_ROUTE }, `${name} has no route to ${dst}`);
    record('drop', [L3(`${name} has no route to ${dst}: ${route.error.replace(/^Network is unreachable: /, '')}. Dropped; ${plan.note}`)]);
    return plan.send();
  }
  const { iface: exit, nextHop, reason } = route.value;
  if (ip.hopLimit <= 1) {
    const plan = host.planIcmpError(transit, { kind: 'time-exceeded', code: ICMPV6_HOP_LIMIT_EXCEEDED }, `the packet for ${dst} ran out of hops at ${name}`);
    record('drop', [L3(`hop limit ${ip.hopLimit}: one more hop would take it to 0, so ${name} must not forward it (RFC 8200 §3). Dropped; ${plan.note}`)]);
    return plan.send();
  }
  // A copy: the frame that arrived stays in the trace as it was.
  const packet = transit.packet.slice();
  const hopLimit = decrementHopLimit(packet);
  const hopNote = `hop limit ${ip.hopLimit} → ${hopLimit}; IPv6 has no header checksum, so nothing else changes`;
  record('forward', [L3(`route for ${dst}: ${reason}`), L3(hopNote)]);
  const toward = nextHop === ip.dst ? `${dst} itself, on ${exit.nic.name}'s link` : `the next router ${formatIpv6(nextHop)}`;
  host.ndp.send({
    iface: exit, nextHop, packet, frameId: frame.id,
    notes: [L3(`forwarded from ${iface.nic.name} to ${toward}; the IPv6 addresses stay ${formatIpv6(ip.src)} → ${dst}, ${hopNote}`)],
    unreachable: (out) => nextHopSilent(host, out),
  });
}

/** The next hop never answered neighbour discovery: the sender hears address unreachable (RFC 4443 §3.1, code 3). */
function nextHopSilent(host: Ipv6Host, out: Outgoing6): void {
  const parsed = parseIpv6(out.packet);
  if (!parsed.ok) return;
  host.planIcmpError({ ip: parsed.value, packet: out.packet, linkMulticast: false }, { kind: 'destination-unreachable', code: ICMPV6_UNREACHABLE_ADDRESS },
    `${formatIpv6(out.nextHop)} did not answer neighbour discovery on ${out.iface.nic.name}'s link`).send();
}
