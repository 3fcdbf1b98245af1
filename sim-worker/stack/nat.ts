/**
 * NAT with port translation (PAT), as Linux's conntrack and MASQUERADE do it
 * on a home router (RFC 3022; RFC 4787 and RFC 5508 for UDP and ICMP): a
 * packet from inside leaving by the outside interface gets the outside
 * address as its source, and a public port (its own when free, as Linux
 * keeps it); replies to that address and port are translated back. UDP and
 * TCP are told apart by ports, ICMP echo by its query identifier. An ICMP
 * error about a translated packet is translated too, the packet it quotes
 * included, so traceroute works from behind NAT; so is one the home router
 * itself sends, so no private address leaks out. Port-forwarding rules open
 * entries from outside. Entries expire after Linux's conntrack idle timeouts.
 *
 * Packets are rewritten in place and their checksums patched (RFC 1624), so
 * the caller hands in a copy it owns.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatIpv4, ipv4FromBytes, ipv4ToBytes } from '../wire/address';
import { addressWords, formatChecksum, internetChecksum, patchChecksum } from '../wire/checksum';
import {
  ICMP_DESTINATION_UNREACHABLE, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_REDIRECT, ICMP_TIME_EXCEEDED, icmpTypeName,
} from '../wire/icmp';
import { IP_PROTO_ICMP, IP_PROTO_TCP, IP_PROTO_UDP, parseIpv4Header } from '../wire/ipv4';

export type NatProtocol = 'udp' | 'tcp' | 'icmp';

/** An address and a port; for ICMP echo the port is the query identifier, and 0 on the side that has none. */
export interface Endpoint {
  address: number;
  port: number;
}

/** A port-forwarding rule: `protocol` traffic to the outside address on `port` goes to `to`:`toPort` inside. */
export interface PortForward {
  protocol: 'udp' | 'tcp';
  port: number;
  to: number;
  toPort: number;
}

/** What NAT did with a packet; `note` says so for the trace. */
export type NatVerdict =
  | { action: 'translated'; note: string }
  /** Arrived from outside and matches no entry and no rule: the caller decides (the device's own traffic, or drop with `reason`). */
  | { action: 'unmatched'; reason: string }
  | { action: 'drop'; reason: string };

/** Linux conntrack's idle timeouts (net.netfilter.nf_conntrack_*_timeout*). */
export const NAT_TIMEOUTS_NS = {
  /** nf_conntrack_udp_timeout: a UDP flow not yet answered, or answered within its first 2 s. */
  udp: 30_000_000_000,
  /** nf_conntrack_udp_timeout_stream: a UDP flow still going both ways after 2 s. */
  udpStream: 120_000_000_000,
  /** nf_conntrack_icmp_timeout. */
  icmp: 30_000_000_000,
  /** nf_conntrack_tcp_timeout_established: five days. */
  tcpEstablished: 432_000_000_000_000,
  /** _syn_sent, and _fin_wait / _time_wait once a FIN is seen. */
  tcpOpeningOrClosing: 120_000_000_000,
  /** _syn_recv: the answer to a SYN. */
  tcpSynReceived: 60_000_000_000,
  /** _close: after a reset. */
  tcpClosed: 10_000_000_000,
} as const;

/** Linux counts a UDP flow as a stream once it is still answered 2 s after it began (nf_conntrack_proto_udp.c). */
const UDP_STREAM_AFTER_NS = 2_000_000_000;

export const NAT_TABLE: TableSpec = {
  name: 'nat',
  title: 'NAT translations',
  columns: ['Protocol', 'Inside', 'Outside', 'Remote'],
  empty: 'Empty: nothing from inside has gone out, so no private address is mapped to a public one yet.',
  expires: true,
};

interface NatEntry {
  protocol: NatProtocol;
  inside: Endpoint;
  outside: Endpoint;
  remote: Endpoint;
  /** Which side sent first: a host inside (masquerade) or the remote end (a port-forwarding rule). */
  openedFrom: 'inside' | 'outside';
  createdAt: number;
  answered: boolean;
  /** The idle timeout that applies now, which depends on the protocol and the flow's state. */
  idleNs: number;
  expiresAt: number;
}

/** Where a packet's translated fields sit, as offsets into the packet (from its IPv4 header). */
interface Transport {
  protocol: NatProtocol;
  src: Endpoint;
  dst: Endpoint;
  srcPortAt?: number;
  dstPortAt?: number;
  /** Absent when there is none to patch: a UDP checksum of 0 ("none sent"), or one cut off in an ICMP error's quote. */
  checksumAt?: number;
  /** UDP and TCP checksums cover the addresses too (the pseudo-header); ICMP's does not. */
  pseudoHeader: boolean;
  /** TCP flags, for the timeouts. */
  tcpFlags?: number;
}

const PROTOCOL_NAMES: Record<NatProtocol, string> = { udp: 'UDP', tcp: 'TCP', icmp: 'ICMP' };
const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;
const ICMP_ERRORS = new Set([ICMP_DESTINATION_UNREACHABLE, ICMP_REDIRECT, ICMP_TIME_EXCEEDED]);

export class Nat {
  /** Entries by their inside side and remote end: how a packet from inside finds its entry. */
  private fromInside = new Map<string, NatEntry>();
  /** Entries by their remote end and outside side: how a packet from outside finds its entry. */
  private fromOutside = new Map<string, NatEntry>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly forwards: readonly PortForward[] = [],
  ) {}

  /** Forgets every entry (the box restarted). */
  clear(): void {
    for (const entry of [...this.fromInside.values()]) this.forget(entry);
  }

  /** A packet leaving by the outside interface, whose address is `outside`: its source becomes `outside` and a public port. */
  outbound(packet: Uint8Array, outside: number): NatVerdict {
    const transport = transportOf(packet, 0, packet.length);
    if (typeof transport === 'string') return { action: 'drop', reason: transport };
    if (transport.protocol === 'icmp' && isIcmpError(packet)) return this.outboundError(packet, outside);
    const { protocol, src, dst } = transport;
    const existing = this.entry(this.fromInside, key(protocol, src, dst));
    let entry = existing;
    let how = existing ? `the NAT entry for ${show(protocol, src)}${existing.openedFrom === 'outside' ? ', opened by a port-forwarding rule' : ''}` : '';
    if (!entry) {
      if (protocol === 'icmp' && transport.srcPortAt === undefined) {
        return { action: 'drop', reason: `${describe(packet, transport)} answers nothing that went out from here, so there is no NAT entry to send it by (conntrack finds it INVALID): dropped` };
      }
      const port = this.freePort(protocol, src.port, dst, outside);
      if (port === undefined) return { action: 'drop', reason: `no ${PROTOCOL_NAMES[protocol]} port on ${formatIpv4(outside)} is free towards ${show(protocol, dst)}: dropped` };
      entry = this.open(protocol, src, { address: outside, port }, dst, 'inside');
      const kept = port === src.port ? `${portWord(protocol)} ${port} was free, so it is kept` : `${portWord(protocol)} ${src.port} is taken towards ${show(protocol, dst)}, so ${port} is used`;
      how = `a new NAT entry (${kept})`;
    }
    this.touch(entry, 'inside', transport);
    const sums = rewrite(packet, 0, transport, 'src', entry.outside);
    return { action: 'translated', note: `${PROTOCOL_NAMES[protocol]} ${show(protocol, src)} → ${show(protocol, dst)}: by ${how}, the source becomes ${show(protocol, entry.outside)}; ${sums}; the entry expires ${expiry(entry)}` };
  }

  /** A packet that arrived on the outside interface: a reply or a forwarded port has its destination translated to the host inside. */
  inbound(packet: Uint8Array, outside: number): NatVerdict {
    const transport = transportOf(packet, 0, packet.length);
    if (typeof transport === 'string') return { action: 'unmatched', reason: transport };
    if (transport.protocol === 'icmp' && isIcmpError(packet)) return this.inboundError(packet, outside);
    const { protocol, src, dst } = transport;
    if (dst.address !== outside) return { action: 'unmatched', reason: `it is for ${formatIpv4(dst.address)}, not for the outside address ${formatIpv4(outside)}` };
    let entry = transport.dstPortAt === undefined ? undefined : this.entry(this.fromOutside, key(protocol, src, dst));
    let how = entry ? `matches the NAT entry for ${show(protocol, entry.inside)}` : '';
    if (!entry) {
      const rule = this.forwards.find((f) => f.protocol === protocol && f.port === dst.port);
      if (!rule) {
        const what = protocol === 'icmp' ? describe(packet, transport) : `${PROTOCOL_NAMES[protocol]} from ${show(protocol, src)} to ${show(protocol, dst)}`;
        const noRule = protocol === 'icmp' ? 'port-forwarding rules cover only UDP and TCP' : `no port-forwarding rule covers ${PROTOCOL_NAMES[protocol]} port ${dst.port}`;
        return { action: 'unmatched', reason: `${what}: no connection from inside matches it and ${noRule}` };
      }
      entry = this.open(protocol, { address: rule.to, port: rule.toPort }, dst, src, 'outside');
      how = `is for a forwarded port: the port-forwarding rule sends ${PROTOCOL_NAMES[protocol]} port ${rule.port} to ${show(protocol, entry.inside)} (new NAT entry)`;
    }
    this.touch(entry, 'outside', transport);
    const sums = rewrite(packet, 0, transport, 'dst', entry.inside);
    return { action: 'translated', note: `${PROTOCOL_NAMES[protocol]} ${show(protocol, src)} → ${show(protocol, dst)} ${how}: the destination becomes ${show(protocol, entry.inside)}; ${sums}; the entry expires ${expiry(entry)}` };
  }

  /**
   * An ICMP error the device itself sends out (a forwarded port's computer
   * did not answer ARP, say): when it quotes a packet that came in through
   * NAT, the quote is translated back, as Linux's nf_nat does for locally
   * made errors. Any other error is left alone ('unmatched').
   */
  ownError(packet: Uint8Array, outside: number): NatVerdict {
    if (!isIcmpError(packet)) return { action: 'unmatched', reason: 'not an ICMP error' };
    const quoted = quotedTransport(packet);
    if (typeof quoted === 'string') return { action: 'unmatched', reason: quoted };
    return this.errorToOutside(packet, outside, quoted.inner, quoted.at) ?? { action: 'unmatched', reason: 'it quotes a packet no NAT entry translated' };
  }

  /** An ICMP error from a host inside about a packet that came in through NAT: it must look as if the outside address sent it. */
  private outboundError(packet: Uint8Array, outside: number): NatVerdict {
    const quoted = quotedTransport(packet);
    if (typeof quoted === 'string') return { action: 'drop', reason: quoted };
    const { inner, at } = quoted;
    return this.errorToOutside(packet, outside, inner, at) ?? {
      action: 'drop',
      reason: `${describe(packet)} about ${PROTOCOL_NAMES[inner.protocol]} ${show(inner.protocol, inner.src)} → ${show(inner.protocol, inner.dst)}, which no NAT entry knows: dropped rather than let a private address out`,
    };
  }

  /** Translates an ICMP error about a packet that came in through NAT (quoted at `at`) as from the outside address; undefined when no entry knows that packet. */
  private errorToOutside(packet: Uint8Array, outside: number, inner: Transport, at: number): NatVerdict | undefined {
    // The quoted packet went from the remote end to the host inside.
    const entry = this.entry(this.fromInside, key(inner.protocol, inner.dst, inner.src));
    if (!entry) return undefined;
    const innerSums = rewrite(packet, at, inner, 'dst', entry.outside);
    const outerSums = rewriteAddress(packet, 0, 'src', outside);
    const icmpSum = recomputeIcmpChecksum(packet);
    return {
      action: 'translated',
      note: `${describe(packet)} about ${PROTOCOL_NAMES[inner.protocol]} that came in through the NAT entry for ${show(inner.protocol, entry.inside)}: the source becomes ${formatIpv4(outside)} and the quoted packet's destination ${show(inner.protocol, entry.outside)}, as the remote end sent it; ${outerSums}, quoted ${innerSums}, ${icmpSum}`,
    };
  }

  /** An ICMP error from outside about a packet NAT sent out: it goes to the host inside, quoting the packet as that host sent it. */
  private inboundError(packet: Uint8Array, outside: number): NatVerdict {
    const quoted = quotedTransport(packet);
    if (typeof quoted === 'string') return { action: 'unmatched', reason: quoted };
    const { inner, at } = quoted;
    // The quoted packet went out from the outside address to the remote end.
    const entry = inner.src.address === outside ? this.entry(this.fromOutside, key(inner.protocol, inner.dst, inner.src)) : undefined;
    if (!entry) return { action: 'unmatched', reason: `${describe(packet)} about ${PROTOCOL_NAMES[inner.protocol]} ${show(inner.protocol, inner.src)} → ${show(inner.protocol, inner.dst)}, which no NAT entry sent` };
    const innerSums = rewrite(packet, at, inner, 'src', entry.inside);
    const outerSums = rewriteAddress(packet, 0, 'dst', entry.inside.address);
    const icmpSum = recomputeIcmpChecksum(packet);
    return {
      action: 'translated',
      note: `${describe(packet)} about ${PROTOCOL_NAMES[inner.protocol]} ${show(inner.protocol, inner.src)} → ${show(inner.protocol, inner.dst)}, sent out by the NAT entry for ${show(inner.protocol, entry.inside)}: the destination becomes ${formatIpv4(entry.inside.address)} and the quoted packet's source ${show(inner.protocol, entry.inside)}, so the host can tell which of its packets it is about; ${outerSums}, quoted ${innerSums}, ${icmpSum}`,
    };
  }

  /**
   * The public port for a new entry, as Linux's nf_nat picks it: the inside
   * port itself when no entry already uses it towards the same remote end;
   * else one from the same range (1–511, 600–1023 or 1024–65535 for UDP and
   * TCP, any identifier for ICMP), starting at a random place.
   */
  private freePort(protocol: NatProtocol, wanted: number, remote: Endpoint, outside: number): number | undefined {
    const free = (port: number) => !this.entry(this.fromOutside, key(protocol, remote, { address: outside, port }));
    if (free(wanted)) return wanted;
    const [first, last] = protocol === 'icmp' ? [0, 0xffff] : wanted < 512 ? [1, 511] : wanted < 1024 ? [600, 1023] : [1024, 0xffff];
    const size = last - first + 1;
    const start = this.ctx.prng.int(0, size - 1);
    for (let i = 0; i < size; i++) {
      const port = first + ((start + i) % size);
      if (free(port)) return port;
    }
    return undefined;
  }

  private open(protocol: NatProtocol, inside: Endpoint, outside: Endpoint, remote: Endpoint, openedFrom: NatEntry['openedFrom']): NatEntry {
    this.sweep();
    const now = this.ctx.scheduler.now;
    const entry: NatEntry = { protocol, inside, outside, remote, openedFrom, createdAt: now, answered: false, idleNs: 0, expiresAt: now };
    this.fromInside.set(key(protocol, inside, remote), entry);
    this.fromOutside.set(key(protocol, remote, outside), entry);
    return entry;
  }

  /** A packet went through: the entry lives on for its protocol's timeout, counted from now. */
  private touch(entry: NatEntry, from: NatEntry['openedFrom'], transport: Transport): void {
    const now = this.ctx.scheduler.now;
    if (from !== entry.openedFrom) entry.answered = true;
    entry.idleNs = timeout(entry, transport, now);
    entry.expiresAt = now + entry.idleNs;
    const { protocol, inside, outside, remote } = entry;
    const remoteText = protocol === 'icmp' ? formatIpv4(remote.address) : show(protocol, remote);
    this.ctx.tables.set(this.deviceId, NAT_TABLE.name, key(protocol, inside, remote), [PROTOCOL_NAMES[protocol], show(protocol, inside), show(protocol, outside), remoteText], entry.expiresAt);
  }

  /** The live entry under `k`, forgetting it if it has expired (conntrack's timeouts are judged lazily here). */
  private entry(map: Map<string, NatEntry>, k: string): NatEntry | undefined {
    const entry = map.get(k);
    if (!entry || entry.expiresAt > this.ctx.scheduler.now) return entry;
    this.forget(entry);
    return undefined;
  }

  /** Expired entries nobody asked for again are let go when a new one opens, so the maps do not grow for ever. */
  private sweep(): void {
    const now = this.ctx.scheduler.now;
    for (const entry of this.fromInside.values()) if (entry.expiresAt <= now) this.forget(entry);
  }

  private forget(entry: NatEntry): void {
    const { protocol, inside, outside, remote } = entry;
    this.fromInside.delete(key(protocol, inside, remote));
    this.fromOutside.delete(key(protocol, remote, outside));
    this.ctx.tables.delete(this.deviceId, NAT_TABLE.name, key(protocol, inside, remote));
  }
}

function key(protocol: NatProtocol, from: Endpoint, to: Endpoint): string {
  return `${protocol} ${from.address}:${from.port} ${to.address}:${to.port}`;
}

function timeout(entry: NatEntry, transport: Transport, now: number): number {
  if (entry.protocol === 'icmp') return NAT_TIMEOUTS_NS.icmp;
  if (entry.protocol === 'udp') return entry.answered && now - entry.createdAt > UDP_STREAM_AFTER_NS ? NAT_TIMEOUTS_NS.udpStream : NAT_TIMEOUTS_NS.udp;
  const flags = transport.tcpFlags ?? 0;
  if (flags & TCP_RST) return NAT_TIMEOUTS_NS.tcpClosed;
  if (flags & TCP_SYN) return flags & TCP_ACK ? NAT_TIMEOUTS_NS.tcpSynReceived : NAT_TIMEOUTS_NS.tcpOpeningOrClosing;
  if (flags & TCP_FIN) return NAT_TIMEOUTS_NS.tcpOpeningOrClosing;
  return NAT_TIMEOUTS_NS.tcpEstablished;
}

function expiry(entry: NatEntry): string {
  return `after ${entry.idleNs / 1e9} s without traffic`;
}

function portWord(protocol: NatProtocol): string {
  return protocol === 'icmp' ? 'identifier' : 'port';
}

/** "192.168.1.10:40000", or "192.168.1.10 id 4660" for ICMP echo (just the address on the side without an identifier). */
function show(protocol: NatProtocol, endpoint: Endpoint): string {
  if (protocol !== 'icmp') return `${formatIpv4(endpoint.address)}:${endpoint.port}`;
  return endpoint.port === 0 ? formatIpv4(endpoint.address) : `${formatIpv4(endpoint.address)} id ${endpoint.port}`;
}

function describe(packet: Uint8Array, transport?: Transport): string {
  const at = (packet[0] & 0x0f) * 4;
  const name = icmpTypeName(packet[at]).toLowerCase();
  return transport ? `ICMP ${name} from ${formatIpv4(transport.src.address)}` : `ICMP ${name}`;
}

function isIcmpError(packet: Uint8Array): boolean {
  return ICMP_ERRORS.has(packet[(packet[0] & 0x0f) * 4]);
}

/**
 * The fields NAT rewrites in the packet whose IPv4 header starts at `at`
 * (`length` bytes of it here, fewer in an ICMP error's quote), or why the
 * packet cannot be translated.
 */
function transportOf(packet: Uint8Array, at: number, length: number): Transport | string {
  const header = parseIpv4Header(packet.subarray(at, at + length));
  if (!header.ok) return `not an IPv4 packet NAT can read: ${header.error}`;
  const ip = header.value;
  if (ip.moreFragments || ip.fragmentOffset > 0) return 'a fragment: NAT needs the whole packet to find its ports, and Flintnet devices do not reassemble fragments';
  const o = at + ip.headerLength;
  const available = ip.payload.length;
  const word = (offset: number) => (packet[offset] << 8) | packet[offset + 1];
  const endpoints = (srcPort: number, dstPort: number) => ({ src: { address: ip.src, port: srcPort }, dst: { address: ip.dst, port: dstPort } });
  if (ip.protocol === IP_PROTO_UDP || ip.protocol === IP_PROTO_TCP) {
    const protocol = ip.protocol === IP_PROTO_UDP ? 'udp' : 'tcp';
    if (available < 4) return `the ${PROTOCOL_NAMES[protocol]} header is cut short before its ports`;
    // UDP's checksum is at byte 6 (0: none sent, RFC 768); TCP's at byte 16, its flags at 13 (RFC 9293 §3.1).
    const checksumAt = protocol === 'udp' ? (available >= 8 && word(o + 6) !== 0 ? o + 6 : undefined) : available >= 18 ? o + 16 : undefined;
    const tcpFlags = protocol === 'tcp' && available >= 14 ? packet[o + 13] : undefined;
    return { protocol, ...endpoints(word(o), word(o + 2)), srcPortAt: o, dstPortAt: o + 2, checksumAt, pseudoHeader: true, tcpFlags };
  }
  if (ip.protocol === IP_PROTO_ICMP) {
    if (available < 4) return 'the ICMP header is cut short';
    const type = packet[o];
    const checksumAt = o + 2;
    // An echo request carries its identifier as its source "port", the reply as its destination's.
    if ((type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY) && available >= 6) {
      const id = word(o + 4);
      return type === ICMP_ECHO_REQUEST
        ? { protocol: 'icmp', ...endpoints(id, 0), srcPortAt: o + 4, checksumAt, pseudoHeader: false }
        : { protocol: 'icmp', ...endpoints(0, id), dstPortAt: o + 4, checksumAt, pseudoHeader: false };
    }
    return { protocol: 'icmp', ...endpoints(0, 0), checksumAt, pseudoHeader: false };
  }
  return `protocol ${ip.protocol} has no ports or identifiers for NAT to translate`;
}

/** The packet an ICMP error quotes (RFC 792: its header and at least 8 bytes), and where it starts. */
function quotedTransport(packet: Uint8Array): { inner: Transport; at: number } | string {
  const at = (packet[0] & 0x0f) * 4 + 8;
  const inner = transportOf(packet, at, packet.length - at);
  if (typeof inner === 'string') return `${describe(packet)} quoting a packet NAT cannot match: ${inner}`;
  return { inner, at };
}

/** Rewrites one side's address and port of the packet whose IPv4 header starts at `at`; says what happened to the checksums. */
function rewrite(packet: Uint8Array, at: number, transport: Transport, side: 'src' | 'dst', to: Endpoint): string {
  const from = transport[side];
  const portAt = side === 'src' ? transport.srcPortAt : transport.dstPortAt;
  const notes = [rewriteAddress(packet, at, side, to.address)];
  const { checksumAt } = transport;
  if (checksumAt === undefined) {
    if (portAt !== undefined) writeWord(packet, portAt, to.port);
    if (transport.protocol !== 'icmp') notes.push(`no ${PROTOCOL_NAMES[transport.protocol]} checksum to patch`);
    return notes.join(', ');
  }
  const before: number[] = [];
  const after: number[] = [];
  if (transport.pseudoHeader) {
    before.push(...addressWords(from.address));
    after.push(...addressWords(to.address));
  }
  if (portAt !== undefined) {
    before.push(from.port);
    after.push(to.port);
    writeWord(packet, portAt, to.port);
  }
  const old = (packet[checksumAt] << 8) | packet[checksumAt + 1];
  let patched = patchChecksum(old, before, after);
  // A UDP checksum that comes out 0 is sent as all ones: 0 would mean none (RFC 768).
  if (transport.protocol === 'udp' && patched === 0) patched = 0xffff;
  writeWord(packet, checksumAt, patched);
  notes.push(`${PROTOCOL_NAMES[transport.protocol]} checksum ${formatChecksum(old)} → ${formatChecksum(patched)}`);
  return notes.join(', ');
}

function rewriteAddress(packet: Uint8Array, at: number, side: 'src' | 'dst', to: number): string {
  const addressAt = at + (side === 'src' ? 12 : 16);
  const from = ipv4FromBytes(packet, addressAt);
  const old = (packet[at + 10] << 8) | packet[at + 11];
  const patched = patchChecksum(old, addressWords(from), addressWords(to));
  ipv4ToBytes(to, packet, addressAt);
  writeWord(packet, at + 10, patched);
  return `IP checksum ${formatChecksum(old)} → ${formatChecksum(patched)}`;
}

/** An ICMP error's checksum covers the quote NAT just changed: summed again, as Linux's nf_nat_icmp_reply_translation does. */
function recomputeIcmpChecksum(packet: Uint8Array): string {
  const at = (packet[0] & 0x0f) * 4;
  const old = (packet[at + 2] << 8) | packet[at + 3];
  writeWord(packet, at + 2, 0);
  const sum = internetChecksum(packet, at, ((packet[2] << 8) | packet[3]) - at);
  writeWord(packet, at + 2, sum);
  return `ICMP checksum ${formatChecksum(old)} → ${formatChecksum(sum)}`;
}

function writeWord(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 8;
  bytes[at + 1] = value & 0xff;
}
