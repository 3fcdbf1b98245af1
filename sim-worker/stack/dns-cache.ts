/**
 * A DNS cache, as a resolver keeps one: record sets by name and type, each
 * for its TTL, and negative answers (RFC 2308): a name that does not exist
 * (NXDOMAIN, cached for every type) or has no records of a type (NODATA),
 * each for the zone's negative TTL. Shown as a live table; what comes out
 * carries the TTL left, as a resolver passes it on.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { dnsTypeName, type DnsRecord, rdataTypeCode, rdataValue, RCODE } from '../wire/dns';

export type NegativeAnswer = { rcode: typeof RCODE.nameError | typeof RCODE.noError; soa: DnsRecord };

interface Entry {
  records: DnsRecord[];
  expiresAt: number;
  rows: string[];
}

interface NegativeEntry {
  answer: NegativeAnswer;
  expiresAt: number;
  row: string;
}

/** Any type: where an NXDOMAIN is kept, since a name that does not exist has no records of any type. */
const EVERY_TYPE = -1;

export class DnsCache {
  private positive = new Map<string, Entry>();
  private negative = new Map<string, NegativeEntry>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly table: TableSpec,
  ) {}

  /** Caches a record set (one name, one type) for its smallest TTL (RFC 2181 §5.2: a set shares one TTL). */
  put(records: DnsRecord[]): void {
    if (records.length === 0) return;
    const name = records[0].name.toLowerCase();
    const type = rdataTypeCode(records[0].data);
    const ttl = Math.min(...records.map((r) => r.ttl));
    if (ttl === 0) return;
    const key = keyOf(name, type);
    this.forgetPositive(key);
    const expiresAt = this.ctx.scheduler.now + ttl * 1e9;
    const rows = records.map((r) => `${key} ${rdataValue(r.data)}`);
    this.positive.set(key, { records: records.map((r) => ({ ...r, name, ttl })), expiresAt, rows });
    records.forEach((r, i) => this.ctx.tables.set(this.deviceId, this.table.name, rows[i], [name || '.', dnsTypeName(type), rdataValue(r.data)], expiresAt));
  }

  /** RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its minimum field. */
  putNegative(name: string, type: number, answer: NegativeAnswer): void {
    if (answer.soa.data.type !== 'SOA') return;
    const ttl = Math.min(answer.soa.ttl, answer.soa.data.minimum);
    if (ttl === 0) return;
    const lower = name.toLowerCase();
    const key = keyOf(lower, answer.rcode === RCODE.nameError ? EVERY_TYPE : type);
    const expiresAt = this.ctx.scheduler.now + ttl * 1e9;
    const row = `${key} negative`;
    this.negative.set(key, { answer, expiresAt, row });
    const what = answer.rcode === RCODE.nameError ? 'NXDOMAIN: no such name' : 'NODATA: no records of this type';
    this.ctx.tables.set(this.deviceId, this.table.name, row, [lower || '.', answer.rcode === RCODE.nameError ? 'any' : dnsTypeName(type), what], expiresAt);
  }

  /** The cached set with the TTL left, in whole seconds; undefined when not cached or expired. */
  get(name: string, type: number): DnsRecord[] | undefined {
    const key = keyOf(name.toLowerCase(), type);
    const entry = this.positive.get(key);
    if (!entry) return undefined;
    const left = this.left(entry.expiresAt);
    if (left === undefined) {
      this.forgetPositive(key);
      return undefined;
    }
    return entry.records.map((r) => ({ ...r, ttl: left }));
  }

  /** A cached NXDOMAIN for the name, or NODATA for the type, with its SOA's TTL counting down. */
  getNegative(name: string, type: number): NegativeAnswer | undefined {
    const lower = name.toLowerCase();
    for (const key of [keyOf(lower, EVERY_TYPE), keyOf(lower, type)]) {
      const entry = this.negative.get(key);
      if (!entry) continue;
      const left = this.left(entry.expiresAt);
      if (left === undefined) {
        this.negative.delete(key);
        this.ctx.tables.delete(this.deviceId, this.table.name, entry.row);
        continue;
      }
      return { rcode: entry.answer.rcode, soa: { ...entry.answer.soa, ttl: left } };
    }
    return undefined;
  }

  /** Power off: the cache is memory, and goes with it. */
  clear(): void {
    for (const key of [...this.positive.keys()]) this.forgetPositive(key);
    for (const entry of this.negative.values()) this.ctx.tables.delete(this.deviceId, this.table.name, entry.row);
    this.negative.clear();
  }

  private left(expiresAt: number): number | undefined {
    const now = this.ctx.scheduler.now;
    return expiresAt > now ? Math.floor((expiresAt - now) / 1e9) : undefined;
  }

  private forgetPositive(key: string): void {
    const entry = this.positive.get(key);
    if (!entry) return;
    this.positive.delete(key);
    for (const row of entry.rows) this.ctx.tables.delete(this.deviceId, this.table.name, row);
  }
}

function keyOf(name: string, type: number): string {
  return `${name}/${type}`;
}
