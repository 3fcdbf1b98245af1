/**
 * When a host or router may answer a packet with an ICMP error, and how often.
 * The rules (RFC 1122 §3.2.2, RFC 1812 §4.3.2.7) keep errors from multiplying:
 * never about an error, a broadcast, a later fragment or a source that is not
 * one host. The rate limit is Linux's, per destination.
 */
import { formatIpv4 } from '../wire/address';
import { ICMP_DESTINATION_UNREACHABLE, ICMP_REDIRECT, ICMP_TIME_EXCEEDED } from '../wire/icmp';
import { IP_PROTO_ICMP, type Ipv4Packet } from '../wire/ipv4';

/** Linux spends 1 s of a per-host token bucket (net.ipv4.icmp_ratelimit = 1000 ms) on each error… */
export const ICMP_RATELIMIT_NS = 1_000_000_000;
/** …holding at most 6 s of tokens (XRLIM_BURST_FACTOR): a burst of 6, then one a second. */
export const ICMP_RATELIMIT_BURST = 6;
/** A packet no route covers first spends from the same bucket capped at 5 s (ip_rt_error_burst, ip_rt_error_cost), so "network unreachable" comes 2 in a burst. */
export const ROUTE_ERROR_BURST = 5;

const ICMP_SOURCE_QUENCH = 4;
const ICMP_PARAMETER_PROBLEM = 12;
const ERROR_TYPES = new Set([ICMP_DESTINATION_UNREACHABLE, ICMP_SOURCE_QUENCH, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, ICMP_PARAMETER_PROBLEM]);

/**
 * Why no ICMP error may be sent about this packet, or undefined when one may.
 * `linkBroadcast`: it came in a frame to a group MAC; `isBroadcast`: whether an
 * address is a broadcast address of one of the device's networks.
 */
export function icmpErrorForbidden(ip: Ipv4Packet, linkBroadcast: boolean, isBroadcast: (address: number) => boolean): string | undefined {
  if (ip.protocol === IP_PROTO_ICMP && ip.fragmentOffset === 0 && ip.payload.length > 0 && ERROR_TYPES.has(ip.payload[0])) {
    return 'it is itself an ICMP error, and errors are never answered with errors, so they cannot multiply';
  }
  if (ip.fragmentOffset > 0) return 'it is not the first fragment of its packet';
  if (linkBroadcast) return 'it came in a broadcast frame, and one broadcast must not bring back an answer from everyone';
  if (ip.dst >>> 28 === 0xe || ip.dst === 0xffffffff || isBroadcast(ip.dst)) return `it was sent to ${formatIpv4(ip.dst)}, a broadcast or multicast address`;
  const first = ip.src >>> 24;
  if (ip.src === 0 || ip.src === 0xffffffff || first === 127 || first >= 224 || isBroadcast(ip.src)) return `its source ${formatIpv4(ip.src)} is not the address of one host`;
  return undefined;
}

/**
 * Linux's per-host token bucket (inet_peer rate_tokens) for destination
 * unreachable and time exceeded (net.ipv4.icmp_ratemask). A host not heard of
 * yet starts as if last seen a minute ago, so with a full bucket. IPv6 uses
 * the same bucket (net.ipv6.icmp.ratelimit, also 1000 ms), keyed by its addresses.
 */
export class IcmpRateLimit<Peer = number> {
  private peers = new Map<Peer, { tokens: number; last: number }>();

  /** Spends one error's worth of tokens for `peer` from a bucket of `burst` errors; false when there are not enough. */
  spend(peer: Peer, now: number, burst = ICMP_RATELIMIT_BURST): boolean {
    const entry = this.peers.get(peer) ?? { tokens: 0, last: now - 60_000_000_000 };
    entry.tokens = Math.min(burst * ICMP_RATELIMIT_NS, entry.tokens + now - entry.last);
    entry.last = now;
    this.peers.set(peer, entry);
    if (entry.tokens < ICMP_RATELIMIT_NS) return false;
    entry.tokens -= ICMP_RATELIMIT_NS;
    return true;
  }
}
