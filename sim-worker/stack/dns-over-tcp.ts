/**
 * The second try of a DNS question, over TCP: what glibc's resolver, named
 * and nslookup do when a UDP answer comes back with the TC flag (RFC 7766
 * §5: the client must ask again over TCP). A connection to port 53 of the
 * same server, the same query (glibc sends the same bytes, ID included)
 * after its 2-byte length, the answer read off the stream whole however
 * many segments carry it, then the client closes (RFC 7766 §6.2.3).
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { formatIpv4 } from '../wire/address';
import { DNS_PORT, type DnsMessage, dnsTypeName, encodeDns, parseDns, sameDnsName } from '../wire/dns';
import { DnsTcpReader, frameDnsForTcp } from '../wire/dns-tcp';
import { hex4 } from '../wire/hex';
import type { DnsExchange, DnsReply } from './dns-transport';
import type { TcpStack } from './tcp';

const L7 = (reason: string): LayerNote => ({ layer: 7, protocol: 'DNS', reason });

/** After a truncated UDP answer to query `id`: says why, then asks the same server over TCP. */
export function retryDnsOverTcp(ctx: SimContext, deviceId: string, tcp: TcpStack, ask: DnsExchange, id: number, udpLength: number, done: (reply: DnsReply) => void): void {
  const server = formatIpv4(ask.server);
  ctx.trace.record({
    device: deviceId, type: 'deliver', protocol: 'DNS', summary: `${ask.owner} asks ${server} again over TCP`,
    layers: [L7(`response 0x${hex4(id)} from ${server} (${udpLength} bytes) has the TC flag: the answer was truncated (TC): asking again over TCP, as RFC 7766 says`)],
  });
  const question = `${ask.name || '<Root>'} ${dnsTypeName(ask.type)}`;
  const opened = tcp.connect(ask.server, DNS_PORT, ask.owner);
  if (!opened.ok) return done({ ok: false, failure: 'unroutable', detail: opened.error });
  const connection = opened.value;
  const reader = new DnsTcpReader();
  let finished = false;
  const finish = (reply: DnsReply) => {
    if (finished) return;
    finished = true;
    cancelTimer();
    connection.close();
    done(reply);
  };
  // glibc and named wait as long for a TCP answer as for a UDP one.
  const cancelTimer = ctx.scheduler.cancellableAt(ctx.scheduler.now + ask.timeoutNs, () => finish({ ok: false, failure: 'timeout', detail: `no answer from ${server} over TCP within ${ask.timeoutNs / 1e9} s` }));
  connection.onOpen = () => {
    const query: DnsMessage = { id, response: false, recursionDesired: ask.recursionDesired, questions: [{ name: ask.name, type: ask.type }], answers: [], authority: [], additional: [] };
    const bytes = encodeDns(query);
    ctx.trace.record({
      device: deviceId, type: 'app', protocol: 'DNS', summary: `${ask.owner} sends query 0x${hex4(id)} over TCP`,
      layers: [L7(`query 0x${hex4(id)}: ${question} again, now over the TCP connection to ${server} port ${DNS_PORT}: its length (${bytes.length}) in 2 bytes, then the message (RFC 7766 §8)`)],
    });
    connection.send(frameDnsForTcp(bytes));
  };
  connection.onData = (bytes) => {
    for (const payload of reader.push(bytes)) {
      const parsed = parseDns(payload);
      const m = parsed.ok ? parsed.value : undefined;
      const q = m?.questions[0];
      if (m && q && m.response && m.id === id && m.questions.length === 1 && sameDnsName(q.name, ask.name) && q.type === ask.type) return finish({ ok: true, message: m });
      ctx.trace.record({
        device: deviceId, type: 'drop', protocol: 'DNS', summary: `${ask.owner} ignores a DNS message`,
        layers: [L7(parsed.ok ? `a DNS message on the TCP connection to ${server} that is not the answer to query 0x${hex4(id)} (${question}): ignored` : `not a DNS message ${ask.owner} can read: ${parsed.error}`)],
      });
    }
  };
  connection.onClose = (why) => finish({ ok: false, failure: 'unreachable', detail: `the TCP connection to ${server} port ${DNS_PORT} ended before the answer came (${why})` });
}
