/**
 * A DNS server on UDP port 53, as BIND's named behaves: authoritative for
 * its zones (RFC 1034 §4.3.2: answers with AA, referrals to delegated
 * subzones with their NS records and glue, NXDOMAIN or NODATA with the
 * zone's SOA), and, as a recursive resolver, walking from its root hints
 * down the referrals for its clients (RFC 1034 §5.3.3), following CNAMEs
 * and caching answers and negative answers (RFC 2308) for their TTLs.
 * It listens on TCP port 53 too (RFC 7766): a UDP answer longer than 512
 * bytes (RFC 1035 §4.2.1; there is no EDNS0 here to offer more) is cut to
 * what fits with the TC flag set, and the asker gets it whole over TCP.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { DnsCache } from '../stack/dns-cache';
import { type DnsSockets, exchangeDns } from '../stack/dns-transport';
import type { UdpArrival } from '../stack/ipv4-host';
import type { TcpConnection } from '../stack/tcp';
import { formatIpv4 } from '../wire/address';
import {
  DNS_PORT, DNS_TYPE_CODES, DNS_UDP_LIMIT, type DnsMessage, type DnsQuestion, type DnsRecord, dnsTypeName, fitDns, inDnsZone, parseDns, RCODE, rcodeMnemonic,
  rdataText, rdataTypeCode, sameDnsName,
} from '../wire/dns';
import { DNS_TCP_LIMIT, DnsTcpReader, frameDnsForTcp } from '../wire/dns-tcp';
import { hex4 } from '../wire/hex';

export const DNS_SERVER_CACHE_TABLE: TableSpec = {
  name: 'dns-server-cache',
  title: 'DNS server cache',
  columns: ['Name', 'Type', 'Data'],
  empty: 'Empty: this resolver has not looked anything up yet (or it has all expired).',
  expires: true,
};

export interface DnsZone {
  /** Without the final dot: "example.test", or "" for the root. */
  origin: string;
  records: DnsRecord[];
  /** The zone's SOA, sent with negative answers (RFC 2308 §3). */
  soa: DnsRecord;
}

export interface DnsServerConfig {
  recursive: boolean;
  zones: DnsZone[];
  rootHints: number[];
}

/** What an answer holds, before it is a message. */
interface Answer {
  rcode: number;
  authoritative: boolean;
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
  /** Why, in words, for the response's layer-7 note. */
  why: string;
}

/** BIND follows at most this many CNAMEs in a row (max-cname-chain…); a loop ends here too. */
const MAX_CNAMES = 8;
/** unbound's limit on queries for one lookup, so a lame delegation loop cannot go on for ever. */
const MAX_QUERIES = 32;
/** How long named waits for a server before trying the next one (its first timeout is under a second). */
const QUERY_TIMEOUT_NS = 800e6;

const L7 = (reason: string): LayerNote => ({ layer: 7, protocol: 'DNS', reason });

export class DnsServer {
  private readonly cache?: DnsCache;
  private running = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly host: DnsSockets,
    private readonly config: DnsServerConfig,
  ) {
    if (config.recursive) this.cache = new DnsCache(ctx, deviceId, DNS_SERVER_CACHE_TABLE);
    this.start();
  }

  /** At boot: named opens port 53, UDP and TCP. */
  start(): void {
    if (this.running) return;
    const opened = this.host.ip.openUdp({ owner: 'named', onDatagram: (arrival) => this.receive(arrival) }, DNS_PORT);
    this.host.tcp.listen(DNS_PORT, 'named', (connection) => this.serveTcp(connection));
    this.running = opened.ok;
  }

  /** Power off: the program and its cache are gone (the sockets close with the stack). */
  stop(): void {
    this.running = false;
    this.host.tcp.unlisten(DNS_PORT);
    this.cache?.clear();
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  private receive(arrival: UdpArrival): void {
    this.answerQuery(arrival.payload, (query, answer) => this.reply(arrival, query, answer));
  }

  /** A TCP connection to port 53: length-prefixed queries, each answered whole on the same stream (RFC 7766 §6.2.1: several may come). */
  private serveTcp(connection: TcpConnection): void {
    const reader = new DnsTcpReader();
    connection.onData = (bytes) => {
      for (const payload of reader.push(bytes)) this.answerQuery(payload, (query, answer) => this.replyTcp(connection, query, answer));
    };
    // RFC 7766 §6.2.3: the client closes once it has its answers; named closes its side then.
    connection.onClose = () => connection.close();
  }

  /** One query's bytes, from UDP or TCP: the answer goes to `send`, or the query is dropped with a reason. */
  private answerQuery(payload: Uint8Array, send: (query: DnsMessage, answer: Answer) => void): void {
    const parsed = parseDns(payload);
    const drop = (reason: string) => this.ctx.trace.record({ device: this.deviceId, type: 'drop', protocol: 'DNS', summary: 'named ignores a DNS message', layers: [L7(reason)] });
    if (!parsed.ok) return drop(`not a DNS message named can read: ${parsed.error}`);
    const query = parsed.value;
    if (query.response) return drop('a response arriving on port 53, where named answers queries: ignored');
    const reply = (answer: Answer) => send(query, answer);
    const fail = (rcode: number, why: string): void => reply({ rcode, authoritative: false, answers: [], authority: [], additional: [], why });
    if ((query.opcode ?? 0) !== 0) return fail(RCODE.notImplemented, `opcode ${query.opcode} is not a standard query, the only kind named answers here`);
    if (query.questions.length !== 1) return fail(RCODE.formatError, `a query holds exactly one question, this one ${query.questions.length}`);
    const question = query.questions[0];
    const zone = this.zoneFor(question.name);
    if (zone) return reply(this.authoritative(question, zone));
    if (!this.config.recursive) return fail(RCODE.refused, `${question.name || '<Root>'} is in none of the zones ${this.name} serves, and it does not recurse for others: refused`);
    if (!query.recursionDesired) return fail(RCODE.refused, 'the query does not ask for recursion, and this resolver has no zone holding the name: refused');
    new Resolution(this, question, reply).start();
  }

  private response(query: DnsMessage, answer: Answer): DnsMessage {
    return {
      id: query.id, response: true, opcode: 0, authoritative: answer.authoritative, recursionDesired: query.recursionDesired, recursionAvailable: this.config.recursive,
      rcode: answer.rcode, questions: query.questions, answers: answer.answers, authority: answer.authority, additional: answer.additional,
    };
  }

  /** Over UDP, at most 512 bytes: a longer answer is cut, with TC set. */
  private reply(arrival: UdpArrival, query: DnsMessage, answer: Answer): void {
    const fitted = fitDns(this.response(query, answer), DNS_UDP_LIMIT);
    const cut = fitted.message.truncated
      ? `; the whole answer is ${fitted.fullLength} bytes, more than the ${DNS_UDP_LIMIT} a UDP answer may hold (RFC 1035 §4.2.1; no EDNS0 here to raise that), so only the ${fitted.message.answers.length} answer records that fit go, with the TC flag set: the asker should ask again over TCP (RFC 7766)`
      : '';
    this.host.ip.sendUdp(DNS_PORT, arrival.from, arrival.fromPort, fitted.bytes, 'the answer goes back to the port the query came from',
      { src: arrival.to, above: [L7(`response 0x${hex4(query.id)}: ${describeAnswer(answer)}: ${answer.why}${cut}`)] });
  }

  /** Over TCP, whole, after its 2-byte length (RFC 7766 §8). */
  private replyTcp(connection: TcpConnection, query: DnsMessage, answer: Answer): void {
    const { bytes } = fitDns(this.response(query, answer), DNS_TCP_LIMIT);
    this.ctx.trace.record({
      device: this.deviceId, type: 'app', protocol: 'DNS', summary: `named answers 0x${hex4(query.id)} over TCP`,
      layers: [L7(`response 0x${hex4(query.id)}: ${describeAnswer(answer)}: ${answer.why}; over TCP to ${connection.peerName}, whole (${bytes.length} bytes, after its length in 2 bytes, RFC 7766 §8)`)],
    });
    connection.send(frameDnsForTcp(bytes));
  }

  /** The closest enclosing zone this server holds, as a name server picks the zone to search (RFC 1034 §4.3.2 step 2). */
  private zoneFor(name: string): DnsZone | undefined {
    let best: DnsZone | undefined;
    for (const zone of this.config.zones) if (inDnsZone(name, zone.origin) && (!best || zone.origin.length > best.origin.length)) best = zone;
    return best;
  }

  /** RFC 1034 §4.3.2 step 3, over one zone: a referral below a cut, the records, a CNAME (followed while in our zones), or a negative answer. */
  authoritative(question: DnsQuestion, zone: DnsZone, chain: DnsRecord[] = []): Answer {
    const { name, type } = question;
    const shown = name || '<Root>';
    const origin = zone.origin || 'the root';
    const cut = delegationAbove(zone, name);
    if (cut) {
      const ns = zone.records.filter((r) => sameDnsName(r.name, cut) && r.data.type === 'NS');
      const glue = this.addressesOf(ns.map((r) => (r.data.type === 'NS' ? r.data.host : '')));
      return {
        rcode: RCODE.noError, authoritative: false, answers: chain, authority: ns, additional: glue,
        why: `${shown} is in ${cut}, which ${origin} delegates to ${hostList(ns)}; ${this.name} is not authoritative there, so it refers the asker on${glue.length > 0 ? ', with the servers\' addresses (glue)' : ''}`,
      };
    }
    const here = zone.records.filter((r) => sameDnsName(r.name, name));
    const soa = { rcode: RCODE.noError, authoritative: true, answers: chain, authority: [zone.soa], additional: [] };
    if (here.length === 0) {
      const below = zone.records.some((r) => inDnsZone(r.name, name));
      if (below) return { ...soa, why: `${shown} exists in ${origin} (names below it have records) but has no ${dnsTypeName(type)} record: NODATA, with the zone's SOA so the asker may cache that` };
      return { ...soa, rcode: RCODE.nameError, why: `${origin} has no name ${shown}: NXDOMAIN, with the zone's SOA so the asker may cache that for ${negativeTtl(zone.soa)} s` };
    }
    const cname = here.find((r) => r.data.type === 'CNAME');
    if (cname && cname.data.type === 'CNAME' && type !== DNS_TYPE_CODES.CNAME) {
      const target = cname.data.host;
      const next = this.zoneFor(target);
      if (!next || chain.length >= MAX_CNAMES) return { ...soa, authority: [], answers: [...chain, cname], why: `${shown} is an alias for ${target}, which ${this.name} does not serve: the asker follows it` };
      return this.authoritative({ name: target, type }, next, [...chain, cname]);
    }
    const matching = here.filter((r) => rdataTypeCode(r.data) === type);
    if (matching.length === 0) return { ...soa, why: `${shown} has records in ${origin}, but no ${dnsTypeName(type)} record: NODATA, with the zone's SOA` };
    const hosts = matching.flatMap((r) => (r.data.type === 'NS' ? [r.data.host] : r.data.type === 'MX' ? [r.data.exchange] : []));
    const additional = this.addressesOf(hosts);
    const via = chain.length > 0 ? `, following the alias${chain.length > 1 ? 'es' : ''} in ${origin}` : '';
    return { rcode: RCODE.noError, authoritative: true, answers: [...chain, ...matching], authority: [], additional, why: `${this.name} is authoritative for ${origin}${via}: the answer, with the AA flag` };
  }

  /** A and AAAA records this server holds for some hosts: glue for referrals, extras for NS and MX answers. */
  private addressesOf(hosts: string[]): DnsRecord[] {
    return hosts.flatMap((host) => this.config.zones.flatMap((z) => z.records.filter((r) => sameDnsName(r.name, host) && (r.data.type === 'A' || r.data.type === 'AAAA'))));
  }

  // ---- What a Resolution needs from its server

  get rootHints(): number[] {
    return this.config.rootHints;
  }

  get resolverCache(): DnsCache {
    return this.cache!;
  }

  ask(server: number, question: DnsQuestion, reason: string, done: Parameters<typeof exchangeDns>[4]): void {
    exchangeDns(this.ctx, this.deviceId, this.host, { server, name: question.name, type: question.type, recursionDesired: false, timeoutNs: QUERY_TIMEOUT_NS, owner: 'named', reason }, done);
  }

  note(summary: string, reason: string): void {
    this.ctx.trace.record({ device: this.deviceId, type: 'deliver', protocol: 'DNS', summary, layers: [L7(reason)] });
  }
}

/**
 * One recursive lookup for a client (RFC 1034 §5.3.3): from the closest
 * servers the cache knows (or the root hints), ask, follow each referral
 * down, restart at the target of a CNAME, until an answer or a negative one.
 */
class Resolution {
  private name: string;
  private chain: DnsRecord[] = [];
  private servers: { address: number; host: string }[] = [];
  /** The zone the servers asked now are authoritative for ("" the root). */
  private zoneCut = '';
  private queries = 0;

  constructor(
    private readonly server: DnsServer,
    private readonly question: DnsQuestion,
    private readonly reply: (answer: Answer) => void,
    /** A lookup of a name server's address that a referral left out, for another lookup. */
    private readonly nested = false,
  ) {
    this.name = question.name;
  }

  private get cache(): DnsCache {
    return this.server.resolverCache;
  }

  private get type(): number {
    return this.question.type;
  }

  start(): void {
    const shown = this.name || '<Root>';
    const cached = this.cache.get(this.name, this.type);
    if (cached) return this.finish(RCODE.noError, [...this.chain, ...cached], [], `${shown} ${dnsTypeName(this.type)} is in the cache (${cached[0].ttl} s left): answered without asking anyone`);
    const negative = this.cache.getNegative(this.name, this.type);
    if (negative) {
      const what = negative.rcode === RCODE.nameError ? 'NXDOMAIN' : 'NODATA';
      return this.finish(negative.rcode, this.chain, [negative.soa], `the cache remembers that ${shown} ${negative.rcode === RCODE.nameError ? 'does not exist' : `has no ${dnsTypeName(this.type)} record`} (${what}, ${negative.soa.ttl} s left, RFC 2308): answered without asking anyone`);
    }
    const alias = this.type === DNS_TYPE_CODES.CNAME ? undefined : this.cache.get(this.name, DNS_TYPE_CODES.CNAME)?.[0];
    if (alias && alias.data.type === 'CNAME') return this.follow(alias, `the cache knows ${shown} is an alias for ${alias.data.host}`);
    this.startFromClosestServers();
  }

  /** The deepest zone above the name whose servers' addresses the cache holds; else the root hints. */
  private startFromClosestServers(): void {
    const labels = this.name === '' ? [] : this.name.split('.');
    for (let i = 0; i <= labels.length; i++) {
      const zone = labels.slice(i).join('.');
      const servers = this.serversFromCache(zone);
      if (servers.length > 0) {
        this.zoneCut = zone;
        this.servers = servers;
        return this.askNext(`the cache knows the servers for ${zone || 'the root'}, the closest zone above ${this.name || '<Root>'}`);
      }
    }
    this.zoneCut = '';
    this.servers = this.server.rootHints.map((address) => ({ address, host: 'a root server' }));
    if (this.servers.length === 0) return this.finish(RCODE.serverFailure, this.chain, [], 'this resolver has no root hints, so it has nowhere to start');
    this.askNext('nothing in the cache is closer, so it starts at the root (its root hints)');
  }

  private serversFromCache(zone: string): { address: number; host: string }[] {
    const ns = this.cache.get(zone, DNS_TYPE_CODES.NS) ?? [];
    return ns.flatMap((r) => {
      const host = r.data.type === 'NS' ? r.data.host : '';
      return (this.cache.get(host, DNS_TYPE_CODES.A) ?? []).flatMap((a) => (a.data.type === 'A' ? [{ address: a.data.address, host }] : []));
    });
  }

  private askNext(why: string): void {
    const next = this.servers.shift();
    if (!next) return this.finish(RCODE.serverFailure, this.chain, [], `no server for ${this.zoneCut || 'the root'} gave a usable answer: SERVFAIL`);
    if (++this.queries > MAX_QUERIES) return this.finish(RCODE.serverFailure, this.chain, [], `${MAX_QUERIES} queries and still no answer: the resolver gives up (SERVFAIL)`);
    const question = { name: this.name, type: this.type };
    const who = next.host === 'a root server' ? `the root server ${formatIpv4(next.address)}` : `${next.host} (${formatIpv4(next.address)}), a server for ${this.zoneCut || 'the root'}`;
    this.server.ask(next.address, question, `asking ${who}: ${why}`, (reply) => {
      if (!reply.ok) return this.askNext(`${reply.detail}, so the next server is tried`);
      this.onResponse(reply.message, next.address);
    });
  }

  private onResponse(m: DnsMessage, from: number): void {
    const shown = this.name || '<Root>';
    const server = formatIpv4(from);
    const soa = m.authority.find((r) => r.data.type === 'SOA');
    if (m.rcode === RCODE.nameError) {
      if (soa) this.cache.putNegative(this.name, this.type, { rcode: RCODE.nameError, soa });
      return this.finish(RCODE.nameError, this.chain, soa ? [soa] : [], `${server} says ${shown} does not exist (NXDOMAIN)${soa ? `; cached for ${Math.min(soa.ttl, soa.data.type === 'SOA' ? soa.data.minimum : 0)} s (RFC 2308)` : ''}`);
    }
    if (m.rcode !== RCODE.noError) return this.askNext(`${server} answered ${rcodeMnemonic(m.rcode ?? 0)}`);
    for (const set of recordSets(m.answers)) this.cache.put(set);
    const own = m.answers.filter((r) => sameDnsName(r.name, this.name));
    const matching = own.filter((r) => rdataTypeCode(r.data) === this.type);
    if (matching.length > 0) return this.finish(RCODE.noError, [...this.chain, ...matching], [], `${server} answered ${shown} ${dnsTypeName(this.type)}${m.authoritative ? ' with authority' : ''}; the answer is cached for ${matching[0].ttl} s`);
    const alias = own.find((r) => r.data.type === 'CNAME');
    if (alias && alias.data.type === 'CNAME') return this.follow(alias, `${server} says ${shown} is an alias for ${alias.data.host}`);
    const ns = m.authority.filter((r) => r.data.type === 'NS');
    const cut = ns[0]?.name;
    // A referral must lead closer to the name: to a zone below the one asked, holding the name.
    if (m.answers.length === 0 && cut !== undefined && inDnsZone(this.name, cut) && cut.length > this.zoneCut.length && inDnsZone(cut, this.zoneCut)) return this.onReferral(cut, ns, m, server);
    if (m.answers.length === 0 && soa) {
      this.cache.putNegative(this.name, this.type, { rcode: RCODE.noError, soa });
      return this.finish(RCODE.noError, this.chain, [soa], `${server} says ${shown} has no ${dnsTypeName(this.type)} record (NODATA); cached (RFC 2308)`);
    }
    this.askNext(`${server}'s answer is neither the records, nor a referral closer to ${shown}, nor a negative answer (a lame server)`);
  }

  private onReferral(cut: string, ns: DnsRecord[], m: DnsMessage, server: string): void {
    this.cache.put(ns);
    // Glue is believed only for names inside the zone the referring server is authoritative for (bailiwick).
    const glue = m.additional.filter((r) => r.data.type === 'A' && inDnsZone(r.name, this.zoneCut) && ns.some((n) => n.data.type === 'NS' && sameDnsName(n.data.host, r.name)));
    for (const set of recordSets(glue)) this.cache.put(set);
    this.zoneCut = cut;
    this.servers = this.serversFromCache(cut);
    const hosts = hostList(ns);
    if (this.servers.length > 0) return this.askNext(`${server} referred it to ${cut}'s servers ${hosts}, and gave their addresses (glue)`);
    const first = ns.find((r) => r.data.type === 'NS');
    if (!first || first.data.type !== 'NS' || this.nested) return this.finish(RCODE.serverFailure, this.chain, [], `${server} referred it to ${cut}'s servers ${hosts} without their addresses, and none can be found: SERVFAIL`);
    const host = first.data.host;
    this.server.note(`named looks up ${host}, a server for ${cut}`, `${server} referred it to ${cut}'s servers ${hosts} without their addresses: first it finds ${host}'s address`);
    new Resolution(this.server, { name: host, type: DNS_TYPE_CODES.A }, (answer) => {
      const address = answer.answers.find((r) => r.data.type === 'A' && sameDnsName(r.name, host));
      if (!address || address.data.type !== 'A') return this.finish(RCODE.serverFailure, this.chain, [], `the address of ${host}, a server for ${cut}, cannot be found: SERVFAIL`);
      this.servers = [{ address: address.data.address, host }];
      this.askNext(`${host}, a server for ${cut}, is at ${formatIpv4(address.data.address)}`);
    }, true).start();
  }

  /** RFC 1034 §5.3.3 step 3: a CNAME restarts the lookup at its target, keeping the chain for the answer. */
  private follow(alias: DnsRecord, why: string): void {
    if (alias.data.type !== 'CNAME') return;
    this.chain.push(alias);
    if (this.chain.length > MAX_CNAMES) return this.finish(RCODE.serverFailure, this.chain, [], `more than ${MAX_CNAMES} aliases in a row (a CNAME loop?): SERVFAIL`);
    this.name = alias.data.host;
    this.server.note(`named follows the alias to ${this.name}`, `${why}: the lookup starts again for ${this.name}`);
    this.start();
  }

  private finish(rcode: number, answers: DnsRecord[], authority: DnsRecord[], why: string): void {
    this.reply({ rcode, authoritative: false, answers, authority, additional: [], why: `${why}${this.nested ? '' : '; the client gets it with RA (recursion available)'}` });
  }
}

/** The records grouped by name and type, one cache entry per set. */
function recordSets(records: DnsRecord[]): DnsRecord[][] {
  const sets = new Map<string, DnsRecord[]>();
  for (const r of records) {
    const key = `${r.name.toLowerCase()}/${rdataTypeCode(r.data)}`;
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  return [...sets.values()];
}

/** The name of the delegation (NS records below the origin) that holds `name`, closest to the origin: RFC 1034 §4.3.2 step 3b. */
function delegationAbove(zone: DnsZone, name: string): string | undefined {
  let best: string | undefined;
  for (const r of zone.records) {
    if (r.data.type !== 'NS' || sameDnsName(r.name, zone.origin) || !inDnsZone(name, r.name)) continue;
    if (best === undefined || r.name.length < best.length) best = r.name;
  }
  return best;
}

function negativeTtl(soa: DnsRecord): number {
  return soa.data.type === 'SOA' ? Math.min(soa.ttl, soa.data.minimum) : 0;
}

function hostList(ns: DnsRecord[]): string {
  return ns.map((r) => (r.data.type === 'NS' ? r.data.host : '')).join(', ');
}

function describeAnswer(answer: Answer): string {
  if (answer.rcode !== RCODE.noError) return rcodeMnemonic(answer.rcode);
  if (answer.answers.length > 0) return answer.answers.map((r) => `${r.name || '<Root>'} ${rdataText(r.data)}`).join(', ');
  if (answer.authority.some((r) => r.data.type === 'NS')) return 'a referral';
  return 'no records (NODATA)';
}
