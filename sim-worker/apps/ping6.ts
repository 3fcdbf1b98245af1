/** ping over IPv6: ICMPv6 echo (RFC 4443 §4), printed as iputils ping prints an IPv6 target. */
import type { Ipv6Host } from '../stack/ipv6-host';
import { formatIpv6 } from '../wire/address6';
import { isIcmpv6Echo, quotedEcho6 } from '../wire/icmpv6';
import type { PingEvent, PingFamily } from './ping';

/** iputils' words (ping6_common.c) for the destination unreachable codes of RFC 4443 §3.1. */
const UNREACHABLE_WORDS = ['No route', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable', 'Port unreachable'];

export function ipv6Ping(host: Ipv6Host, target: bigint): PingFamily {
  const text = formatIpv6(target);
  return {
    target: text,
    // iputils puts no space before the parenthesis for IPv6, and counts only the data bytes.
    banner: (size) => `PING ${text}(${text}) ${size} data bytes`,
    route: () => host.route(target),
    listen: (identifier, onEvent) => host.listen(identifier, ({ message, from, hopLimit, length }) => {
      let event: PingEvent | undefined;
      if (message.kind === 'echo-reply') event = { kind: 'reply', sequence: message.sequence, from: formatIpv6(from), ttl: hopLimit, length };
      else if (!isIcmpv6Echo(message) && (message.kind === 'destination-unreachable' || message.kind === 'time-exceeded')) {
        const echo = quotedEcho6(message.original);
        const words = message.kind === 'time-exceeded'
          ? `Time exceeded: ${message.code === 0 ? 'Hop limit' : 'Defragmentation failure'}`
          : `Destination unreachable: ${UNREACHABLE_WORDS[message.code] ?? `Unknown code ${message.code}`}`;
        if (echo) event = { kind: 'error', sequence: echo.sequence, from: formatIpv6(from), words };
      }
      if (event) onEvent(event);
    }),
    unlisten: (identifier) => host.unlisten(identifier),
    sendRequest: (identifier, sequence, data, reason) => host.sendIcmp(target, { kind: 'echo-request', identifier, sequence, data }, reason),
  };
}
