/**
 * What kind of frame some bytes are, in the words lessons use ("ARP request",
 * "echo reply"). Read from the bytes with the wire parsers, like everything
 * else a device or the OSI view learns about a frame.
 */
import { isAnnouncement } from '../stack/arp-announce';
import { parseArp, ARP_REPLY, ARP_REQUEST } from '../wire/arp';
import { isDhcpPort, parseDhcp, type DhcpMessageType } from '../wire/dhcp';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, parseEthernet, type EthernetFrame } from '../wire/ethernet';
import { parseIcmp } from '../wire/icmp';
import { parseIcmpv6, type Icmpv6Message } from '../wire/icmpv6';
import { IP_PROTO_ICMP, IP_PROTO_UDP, parseIpv4 } from '../wire/ipv4';
import { IP_PROTO_ICMPV6, parseIpv6 } from '../wire/ipv6';
import { parseUdp } from '../wire/udp';
import type { OsiLayer } from '../wire/fields';
import type { FrameKind, LessonStep } from './schema';

export const FRAME_LABELS: Record<FrameKind, string> = {
  'arp-request': 'ARP request',
  'arp-reply': 'ARP reply',
  'echo-request': 'echo request',
  'echo-reply': 'echo reply',
  'dhcp-discover': 'DHCP discover',
  'dhcp-offer': 'DHCP offer',
  'dhcp-request': 'DHCP request',
  'dhcp-ack': 'DHCP ack',
  'neighbour-solicitation': 'neighbour solicitation',
  'neighbour-advertisement': 'neighbour advertisement',
  'router-solicitation': 'router solicitation',
  'router-advertisement': 'router advertisement',
};

/** "an ARP request", "a DHCP offer". */
export function aFrame(kind: FrameKind): string {
  return `${/^[aeiou]/i.test(FRAME_LABELS[kind]) ? 'an' : 'a'} ${FRAME_LABELS[kind]}`;
}

/** The DHCP message types a lesson names (DORA, RFC 2131 §3.1). */
const DHCP_KINDS: Partial<Record<DhcpMessageType, FrameKind>> = { discover: 'dhcp-discover', offer: 'dhcp-offer', request: 'dhcp-request', ack: 'dhcp-ack' };

/** The ICMPv6 messages a lesson names: echo as for IPv4, and neighbour discovery (RFC 4861 §4). */
const ICMPV6_KINDS: Partial<Record<Icmpv6Message['kind'], FrameKind>> = {
  'echo-request': 'echo-request', 'echo-reply': 'echo-reply',
  'neighbor-solicitation': 'neighbour-solicitation', 'neighbor-advertisement': 'neighbour-advertisement',
  'router-solicitation': 'router-solicitation', 'router-advertisement': 'router-advertisement',
};

export interface FrameFacts {
  kind?: FrameKind;
  /** Ethernet source and destination, for any frame. */
  macSrc?: string;
  macDst?: string;
  /** IP source, destination and time to live (IPv6: hop limit), for IP frames: a number for IPv4, a bigint for IPv6. */
  ipSrc?: number | bigint;
  ipDst?: number | bigint;
  ttl?: number;
}

/** Never throws: bytes that are not a frame a lesson knows give `{}`. */
export function frameFacts(bytes: Uint8Array): FrameFacts {
  const ethernet = parseEthernet(bytes);
  if (!ethernet.ok) return {};
  const { etherType, payload } = ethernet.value;
  const macs: FrameFacts = { macSrc: ethernet.value.src, macDst: ethernet.value.dst };
  if (etherType === ETHERTYPE_ARP) {
    const arp = parseArp(payload);
    if (!arp.ok) return macs;
    // A gratuitous ARP (RFC 5227 announcement) asks and answers nobody: it is neither a lesson's request nor its reply.
    if (isAnnouncement(arp.value)) return macs;
    return { ...macs, kind: arp.value.op === ARP_REQUEST ? 'arp-request' : arp.value.op === ARP_REPLY ? 'arp-reply' : undefined };
  }
  if (etherType === ETHERTYPE_IPV6) return ipv6Facts(ethernet.value, macs);
  if (etherType !== ETHERTYPE_IPV4) return macs;
  const ip = parseIpv4(payload);
  if (!ip.ok) return macs;
  const facts: FrameFacts = { ...macs, ipSrc: ip.value.src, ipDst: ip.value.dst, ttl: ip.value.ttl };
  if (ip.value.protocol === IP_PROTO_UDP) {
    const udp = parseUdp(ip.value.payload, ip.value.src, ip.value.dst);
    if (!udp.ok || !isDhcpPort(udp.value.srcPort, udp.value.dstPort)) return facts;
    const dhcp = parseDhcp(udp.value.payload);
    const type = dhcp.ok ? dhcp.value.options.messageType : undefined;
    return type === undefined || DHCP_KINDS[type] === undefined ? facts : { ...facts, kind: DHCP_KINDS[type] };
  }
  if (ip.value.protocol !== IP_PROTO_ICMP) return facts;
  const icmp = parseIcmp(ip.value.payload);
  if (icmp.ok && icmp.value.kind === 'echo-request') facts.kind = 'echo-request';
  if (icmp.ok && icmp.value.kind === 'echo-reply') facts.kind = 'echo-reply';
  return facts;
}

function ipv6Facts({ payload }: EthernetFrame, macs: FrameFacts): FrameFacts {
  const ip = parseIpv6(payload);
  if (!ip.ok) return macs;
  const facts: FrameFacts = { ...macs, ipSrc: ip.value.src, ipDst: ip.value.dst, ttl: ip.value.hopLimit };
  if (ip.value.nextHeader !== IP_PROTO_ICMPV6) return facts;
  const icmp = parseIcmpv6(ip.value.payload, ip.value.src, ip.value.dst);
  const kind = icmp.ok ? ICMPV6_KINDS[icmp.value.kind] : undefined;
  return kind === undefined ? facts : { ...facts, kind };
}

export function frameKind(bytes: Uint8Array): FrameKind | undefined {
  return frameFacts(bytes).kind;
}

/**
 * The narration a step has for this frame at this layer, for the player's
 * guided stepping: a guide for the frame's own kind wins over a catch-all one.
 */
export function osiNarration(step: LessonStep, bytes: Uint8Array, layer: OsiLayer): string | undefined {
  const guides = step.osi ?? [];
  const kind = frameKind(bytes);
  const guide = guides.find((g) => g.frame !== undefined && g.frame === kind) ?? guides.find((g) => g.frame === undefined);
  return guide?.narration[layer];
}
