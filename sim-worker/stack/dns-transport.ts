/**
 * One DNS question over UDP, as every resolver sends it: from a fresh
 * ephemeral port to port 53 with a random ID, waiting for the one answer
 * that matches (RFC 5452 §9.1: the ID, the server's address and port, and
 * the question), until a timeout. A stub resolver and a recursive server
 * both ask their questions through this. An answer with the TC flag is
 * asked again over TCP (dns-over-tcp.ts).
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { formatIpv4 } from '../wire/address';
import { DNS_PORT, type DnsMessage, dnsTypeName, encodeDns, parseDns, sameDnsName } from '../wire/dns';
import { hex4 } from '../wire/hex';
import { retryDnsOverTcp } from './dns-over-tcp';
import type { Ipv4Host, UdpArrival } from './ipv4-host';
import type { TcpStack } from './tcp';

export type DnsReply =
  | { ok: true; message: DnsMessage }
  /** 'timeout': nothing came back; 'unreachable': an ICMP error came back; 'unroutable': it could not even be sent. */
  | { ok: false; failure: 'timeout' | 'unreachable' | 'unroutable'; detail: string };

export interface DnsExchange {
  server: number;
  name: string;
  type: number;
  recursionDesired: boolean;
  timeoutNs: number;
  /** The program, as reasons name it: "the resolver", "named". */
  owner: string;
  /** Why this question is asked, for the query's layer-7 note. */
  reason: string;
}

/** The sockets a DNS client uses: UDP first, TCP after a truncated answer. An IpDevice is one. */
export interface DnsSockets {
  readonly ip: Ipv4Host;
  readonly tcp: TcpStack;
}

const L7 = (reason: string): LayerNote => ({ layer: 7, protocol: 'DNS', reason });

export function exchangeDns(ctx: SimContext, deviceId: string, sockets: DnsSockets, ask: DnsExchange, done: (reply: DnsReply) => void): void {
  const host = sockets.ip;
  const id = ctx.prng.int(0, 0xffff);
  const server = formatIpv4(ask.server);
  const question = `${ask.name || '<Root>'} ${dnsTypeName(ask.type)}`;
  let finished = false;
  let port = 0;
  let cancelTimer = () => {};
  const stop = () => {
    if (finished) return false;
    finished = true;
    cancelTimer();
    host.closeUdp(port);
    return true;
  };
  const finish = (reply: DnsReply) => {
    if (stop()) done(reply);
  };
  const ignore = (reason: string) => ctx.trace.record({ device: deviceId, type: 'drop', protocol: 'DNS', summary: `${ask.owner} ignores a DNS message`, layers: [L7(reason)] });
  const receive = (arrival: UdpArrival) => {
    const parsed = parseDns(arrival.payload);
    if (!parsed.ok) return ignore(`not a DNS message ${ask.owner} can read: ${parsed.error}`);
    const m = parsed.value;
    const q = m.questions[0];
    const matches = m.response && m.id === id && arrival.from === ask.server && arrival.fromPort === DNS_PORT && m.questions.length === 1 && sameDnsName(q.name, ask.name) && q.type === ask.type;
    if (!matches) return ignore(`a DNS message from ${formatIpv4(arrival.from)} port ${arrival.fromPort} that is not the answer to query 0x${hex4(id)} (${question}) sent to ${server}: ignored, as RFC 5452 asks`);
    if (!m.truncated) return finish({ ok: true, message: m });
    if (stop()) retryDnsOverTcp(ctx, deviceId, sockets.tcp, ask, id, arrival.payload.length, done);
  };
  const opened = host.openUdp({
    owner: ask.owner,
    onDatagram: receive,
    onError: (arrival) => finish({ ok: false, failure: 'unreachable', detail: `${formatIpv4(arrival.from)} says ${server} cannot be reached on port ${DNS_PORT} (${arrival.message.kind.replace('-', ' ')})` }),
  });
  if (!opened.ok) return done({ ok: false, failure: 'unroutable', detail: opened.error });
  port = opened.value;
  cancelTimer = ctx.scheduler.cancellableAt(ctx.scheduler.now + ask.timeoutNs, () => finish({ ok: false, failure: 'timeout', detail: `no answer from ${server} within ${ask.timeoutNs / 1e9} s` }));
  const query: DnsMessage = { id, response: false, recursionDesired: ask.recursionDesired, questions: [{ name: ask.name, type: ask.type }], answers: [], authority: [], additional: [] };
  const sent = host.sendUdp(port, ask.server, DNS_PORT, encodeDns(query), `from ${ask.owner}'s own port to the DNS port`, { above: [L7(`query 0x${hex4(id)}: ${question}${ask.recursionDesired ? ', recursion desired' : ', no recursion asked'}: ${ask.reason}`)] });
  if (!sent.ok) finish({ ok: false, failure: 'unroutable', detail: sent.error });
}
