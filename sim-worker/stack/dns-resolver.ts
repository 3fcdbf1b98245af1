/**
 * The stub resolver of a computer, VM or server: what getaddrinfo does on
 * Linux. It asks the DNS servers of resolv.conf (and those DHCP's option 6
 * gave), in order, with resolv.conf's defaults (timeout:5, attempts:2: each
 * server in turn, twice round), asking for recursion; answers and negative
 * answers are cached for their TTLs, as systemd-resolved does.
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatIpv4 } from '../wire/address';
import { formatIpv6 } from '../wire/address6';
import { DNS_TYPE_CODES, type DnsMessage, type DnsRecord, dnsTypeName, RCODE, rcodeMnemonic, sameDnsName } from '../wire/dns';
import { DnsCache } from './dns-cache';
import { type DnsReply, type DnsSockets, exchangeDns } from './dns-transport';

export const DNS_CACHE_TABLE: TableSpec = {
  name: 'dns-cache',
  title: 'DNS cache',
  columns: ['Name', 'Type', 'Data'],
  empty: 'Empty: this computer has not looked up any name yet (or the answers have expired).',
  expires: true,
};

/** resolv.conf(5): "timeout:5" seconds per try, "attempts:2" rounds over the servers. */
export const RESOLVER_TIMEOUT_NS = 5e9;
export const RESOLVER_ATTEMPTS = 2;

export type AddressType = 'A' | 'AAAA';
export interface ResolvedAddresses {
  addresses: string[];
  /** Seconds the answer may still be cached. */
  ttl: number;
}

/** getaddrinfo's error words (gai_strerror), as ping and curl print them. */
export const RESOLVE_ERRORS = {
  noName: 'Name or service not known',
  noData: 'No address associated with hostname',
  again: 'Temporary failure in name resolution',
} as const;

const L7 = (reason: string): LayerNote => ({ layer: 7, protocol: 'DNS', reason });

export class DnsResolver {
  private readonly cache: DnsCache;

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly host: DnsSockets,
    /** The servers to ask now: resolv.conf's, then DHCP's. */
    private readonly serverList: () => number[],
  ) {
    this.cache = new DnsCache(ctx, deviceId, DNS_CACHE_TABLE);
  }

  get servers(): number[] {
    return this.serverList();
  }

  /** Power off: the cache is memory. */
  clear(): void {
    this.cache.clear();
  }

  /** The addresses of `name`: from the cache, or from the servers, following any CNAME in the answer. */
  resolve(name: string, type: AddressType, done: (result: Result<ResolvedAddresses>) => void): void {
    const qname = name.replace(/\.$/, '').toLowerCase();
    const code = DNS_TYPE_CODES[type];
    const cached = this.fromCache(qname, code);
    if (cached) {
      if (cached.ok) this.note('deliver', `${qname} is ${cached.value.addresses.join(', ')} (cached)`, `${qname} ${type} is in the DNS cache (${cached.value.ttl} s left): no query needed`);
      else this.note('deliver', `${qname}: ${cached.error} (cached)`, `the DNS cache remembers ${qname} has no ${type} address (a negative answer, RFC 2308): no query needed`);
      return done(cached);
    }
    const servers = this.servers;
    if (servers.length === 0) {
      this.note('drop', `${qname}: no DNS server to ask`, `${this.name} has no DNS server to ask: set its DNS servers, or take them from a DHCP server`);
      return done({ ok: false, error: RESOLVE_ERRORS.again });
    }
    this.tryServer(qname, code, servers, 0, (reply, server) => {
      if (!reply.ok) {
        this.note('drop', `${qname}: no DNS server answered`, `${reply.detail}; every DNS server was tried ${RESOLVER_ATTEMPTS} times (resolv.conf's attempts): ${RESOLVE_ERRORS.again}`);
        return done({ ok: false, error: RESOLVE_ERRORS.again });
      }
      done(this.learn(qname, code, reply.message, server));
    });
  }

  /**
   * One query to one server, no cache: what nslookup and dig do (they read
   * resolv.conf for the server, then ask it themselves). The reply comes
   * back whole, or why none came.
   */
  ask(server: number, name: string, type: number, owner: string, done: (reply: DnsReply) => void): void {
    exchangeDns(this.ctx, this.deviceId, this.host, { server, name, type, recursionDesired: true, timeoutNs: RESOLVER_TIMEOUT_NS, owner, reason: `${owner} asks ${formatIpv4(server)}, its DNS server, for ${name} ${dnsTypeName(type)}` }, done);
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  /** Each server in turn, then round again: `attempt` counts every try (RES_DFLRETRY rounds of the list). */
  private tryServer(qname: string, type: number, servers: number[], attempt: number, done: (reply: DnsReply, server: number) => void): void {
    const server = servers[attempt % servers.length];
    const round = Math.floor(attempt / servers.length) + 1;
    const again = attempt === 0 ? 'the first DNS server in its list' : `the next in its list, round ${round} of ${RESOLVER_ATTEMPTS}, since the one before gave no usable answer`;
    exchangeDns(this.ctx, this.deviceId, this.host, {
      server, name: qname, type, recursionDesired: true, timeoutNs: RESOLVER_TIMEOUT_NS, owner: 'the resolver',
      reason: `${this.name} wants the ${dnsTypeName(type)} record of ${qname} and asks ${formatIpv4(server)} (${again}) to find it, recursively`,
    }, (reply) => {
      const refused = reply.ok && reply.message.rcode !== RCODE.noError && reply.message.rcode !== RCODE.nameError;
      const usable = reply.ok && !refused;
      if (usable || attempt + 1 >= servers.length * RESOLVER_ATTEMPTS) return done(reply.ok && refused ? { ok: false, failure: 'unreachable', detail: `${formatIpv4(server)} answered ${rcodeMnemonic(reply.message.rcode ?? 0)}` } : reply, server);
      // glibc moves to the next server on a timeout, an ICMP error, SERVFAIL, NOTIMP or REFUSED.
      this.tryServer(qname, type, servers, attempt + 1, done);
    });
  }

  /** What an answer says about the name, cached, and for the caller. */
  private learn(qname: string, type: number, m: DnsMessage, server: number): Result<ResolvedAddresses> {
    const from = formatIpv4(server);
    const soa = m.authority.find((r) => r.data.type === 'SOA');
    if (m.rcode === RCODE.nameError) {
      if (soa) this.cache.putNegative(qname, type, { rcode: RCODE.nameError, soa });
      this.note('deliver', `${qname}: NXDOMAIN`, `${from} says ${qname} does not exist (NXDOMAIN)${soa ? '; the cache remembers that (RFC 2308)' : ''}`);
      return { ok: false, error: RESOLVE_ERRORS.noName };
    }
    const records = followChain(qname, m.answers);
    for (const alias of records.aliases) this.cache.put([alias]);
    const final = records.final.filter((r) => r.data.type === dnsTypeName(type));
    if (final.length === 0) {
      if (soa) this.cache.putNegative(records.name, type, { rcode: RCODE.noError, soa });
      this.note('deliver', `${qname}: no ${dnsTypeName(type)} record`, `${from} says ${records.name} has no ${dnsTypeName(type)} record (NODATA)`);
      return { ok: false, error: RESOLVE_ERRORS.noData };
    }
    this.cache.put(final);
    const addresses = final.map(addressOf);
    const ttl = Math.min(...final.map((r) => r.ttl));
    const via = records.aliases.length > 0 ? ` (an alias for ${records.name})` : '';
    this.note('deliver', `${qname} is ${addresses.join(', ')}`, `${from} answered: ${qname}${via} is ${addresses.join(', ')}; cached for ${ttl} s`);
    return { ok: true, value: { addresses, ttl } };
  }

  private fromCache(qname: string, type: number): Result<ResolvedAddresses> | undefined {
    let name = qname;
    for (let hops = 0; hops <= 8; hops++) {
      const records = this.cache.get(name, type);
      if (records) return { ok: true, value: { addresses: records.map(addressOf), ttl: records[0].ttl } };
      const negative = this.cache.getNegative(name, type);
      if (negative) return { ok: false, error: negative.rcode === RCODE.nameError ? RESOLVE_ERRORS.noName : RESOLVE_ERRORS.noData };
      const alias = this.cache.get(name, DNS_TYPE_CODES.CNAME)?.[0];
      if (!alias || alias.data.type !== 'CNAME') return undefined;
      name = alias.data.host;
    }
    return undefined;
  }

  private note(type: 'deliver' | 'drop', summary: string, reason: string): void {
    this.ctx.trace.record({ device: this.deviceId, type, protocol: 'DNS', summary, layers: [L7(reason)] });
  }
}

/** The answer section read from the question's name: the CNAMEs followed (RFC 1034 §3.6.2), then the records of the last name. */
export function followChain(qname: string, answers: DnsRecord[]): { name: string; aliases: DnsRecord[]; final: DnsRecord[] } {
  let name = qname;
  const aliases: DnsRecord[] = [];
  for (let hops = 0; hops <= 8; hops++) {
    const alias = answers.find((r) => r.data.type === 'CNAME' && sameDnsName(r.name, name));
    if (!alias || alias.data.type !== 'CNAME') break;
    aliases.push(alias);
    name = alias.data.host;
  }
  return { name, aliases, final: answers.filter((r) => sameDnsName(r.name, name) && r.data.type !== 'CNAME') };
}

function addressOf(r: DnsRecord): string {
  return r.data.type === 'A' ? formatIpv4(r.data.address) : r.data.type === 'AAAA' ? formatIpv6(r.data.address) : '';
}
