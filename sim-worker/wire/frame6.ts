/** The IPv6 part of frame.ts: an IPv6 packet in a frame, layer by layer, and its one-line summary. */
import { formatIpv6 } from './address6';
import type { DecodedLayer } from './fields';
import { describeIcmpv6, icmpv6Summary, icmpv6TypeName, isIcmpv6Echo, parseIcmpv6 } from './icmpv6';
import { ipProtocolName, IP_PROTO_TCP, IP_PROTO_UDP } from './ipv4';
import { describeIpv6, IP_PROTO_ICMPV6, IPV6_HEADER_LENGTH, parseIpv6, parseIpv6Header } from './ipv6';
import { describeTcp6, parseTcp6, tcpSummary } from './tcp';
import { describeUdp6, parseUdp6, udpSummary } from './udp';

/** The IPv6 layer and the one above it; `start` is where the IPv6 header begins in `bytes`. */
export function describeIpv6Packet(bytes: Uint8Array, start: number): DecodedLayer[] {
  const ip = describeIpv6(bytes, start);
  const header = parseIpv6Header(bytes.subarray(start));
  if (!header.ok) return [ip];
  const { nextHeader, payloadLength, src, dst } = header.value;
  const at = start + IPV6_HEADER_LENGTH;
  const length = Math.min(payloadLength, bytes.length - at);
  if (length <= 0) return [ip];
  if (nextHeader === IP_PROTO_ICMPV6) return [ip, describeIcmpv6(bytes, at, payloadLength, src, dst)];
  if (nextHeader === IP_PROTO_UDP) return [ip, describeUdp6(bytes, at, payloadLength, src, dst)];
  if (nextHeader === IP_PROTO_TCP) return [ip, describeTcp6(bytes, at, payloadLength, src, dst)];
  const data = { name: 'data', label: 'Data', offset: at, length, value: `${length} bytes` };
  return [ip, { layer: 4, protocol: 'Data', offset: at, length, fields: [data], summary: `${payloadLength} bytes of ${ipProtocolName(nextHeader)} (next header ${nextHeader}), not decoded` }];
}

/** The highest protocol and Wireshark's Info line, for an Ethernet payload holding IPv6. */
export function summarizeIpv6(payload: Uint8Array): { protocol: string; summary: string } {
  const parsed = parseIpv6(payload);
  if (!parsed.ok) return { protocol: 'IPv6', summary: `Malformed: ${parsed.error}` };
  const ip = parsed.value;
  if (ip.nextHeader === IP_PROTO_ICMPV6) {
    const icmp = parseIcmpv6(ip.payload, ip.src, ip.dst);
    if (!icmp.ok) return { protocol: 'ICMPv6', summary: ip.payload.length < 8 ? `Malformed: ${icmp.error}` : `${icmpv6TypeName(ip.payload[0])} (type ${ip.payload[0]}, code ${ip.payload[1]})` };
    const m = icmp.value;
    // Wireshark adds the hop limit to echo lines, as it adds the TTL for IPv4.
    const hopLimit = isIcmpv6Echo(m) ? `, hop limit=${ip.hopLimit}` : '';
    return { protocol: 'ICMPv6', summary: icmpv6Summary(m) + hopLimit + (m.checksumOk ? '' : ' [bad ICMPv6 checksum]') };
  }
  if (ip.nextHeader === IP_PROTO_UDP) {
    const udp = parseUdp6(ip.payload, ip.src, ip.dst);
    if (!udp.ok) return { protocol: 'UDP', summary: `Malformed: ${udp.error}` };
    return { protocol: 'UDP', summary: udpSummary(udp.value) + (udp.value.checksumOk ? '' : ' [bad UDP checksum]') };
  }
  if (ip.nextHeader === IP_PROTO_TCP) {
    const tcp = parseTcp6(ip.payload, ip.src, ip.dst);
    if (!tcp.ok) return { protocol: 'TCP', summary: `Malformed: ${tcp.error}` };
    return { protocol: 'TCP', summary: tcpSummary(ip.payload) + (tcp.value.checksumOk ? '' : ' [bad TCP checksum]') };
  }
  return { protocol: 'IPv6', summary: `${formatIpv6(ip.src)} → ${formatIpv6(ip.dst)} ${ipProtocolName(ip.nextHeader)} (${ip.payload.length} bytes)` };
}
