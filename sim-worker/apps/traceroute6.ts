/**
 * traceroute over IPv6, as Linux's traceroute prints it for an IPv6 target:
 * the same UDP probes (80-byte packets: 40 IPv6 + 8 UDP + 32 data), counted
 * down by the hop limit; routers answer ICMPv6 time exceeded, the target
 * ICMPv6 port unreachable.
 */
import type { Ipv6Host } from '../stack/ipv6-host';
import { formatIpv6 } from '../wire/address6';
import { ICMPV6_HOP_LIMIT_EXCEEDED } from '../wire/icmpv6';
import { quotedUdp6 } from '../wire/udp';
import type { TracerouteFamily } from './traceroute';

export const TRACEROUTE6_PACKET_LENGTH = 80;

export function ipv6Traceroute(host: Ipv6Host, target: bigint): TracerouteFamily {
  return {
    target: formatIpv6(target),
    packetLength: TRACEROUTE6_PACKET_LENGTH,
    ttlName: 'hop limit',
    route: () => host.route(target),
    openProbe: (onAnswer) => host.openUdp({
      owner: 'traceroute',
      onError: ({ message, from }) => {
        if (message.kind !== 'destination-unreachable' && message.kind !== 'time-exceeded') return;
        const quoted = quotedUdp6(message.original);
        if (quoted) onAnswer({ from: formatIpv6(from), dstPort: quoted.dstPort, annotation: annotationOf6(message.kind, message.code) });
      },
    }),
    closeProbe: (port) => host.closeUdp(port),
    sendProbe: (srcPort, dstPort, hopLimit, data, reason) => host.sendUdp(srcPort, target, dstPort, data, reason, { hopLimit }),
  };
}

/**
 * traceroute's marks for ICMPv6 (its parse_icmp_res): hop limit exceeded is an
 * ordinary hop, port unreachable the destination reached, the rest end the trace.
 */
function annotationOf6(kind: 'destination-unreachable' | 'time-exceeded', code: number): string | undefined {
  if (kind === 'time-exceeded') return code === ICMPV6_HOP_LIMIT_EXCEEDED ? undefined : `!<11-${code}>`;
  const marks: Record<number, string> = { 0: '!N', 1: '!X', 2: '!S', 3: '!H', 4: '' };
  return marks[code] ?? `!<${code}>`;
}
