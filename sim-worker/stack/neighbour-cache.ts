/**
 * IPv6's neighbour cache (RFC 4861 §5.1): the MAC address of each neighbour,
 * and the packets waiting while one is being resolved. Like the ARP cache, an
 * entry lasts Linux's reachable time; Linux would then keep it as STALE and
 * probe it before reuse, here it is simply forgotten and asked for again.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatIpv6 } from '../wire/address6';

/** Linux: base_reachable_time 30 s; mcast_solicit 3 solicitations, retrans_time 1 s apart (RFC 4861 §10: MAX_MULTICAST_SOLICIT, RETRANS_TIMER). */
export const NEIGHBOUR_REACHABLE_NS = 30_000_000_000;
export const NEIGHBOUR_SOLICITS = 3;
export const NEIGHBOUR_RETRY_NS = 1_000_000_000;
const QUEUE_PACKETS = 16;

export const NEIGHBOUR_TABLE: TableSpec = {
  name: 'neighbours',
  title: 'Neighbour cache',
  columns: ['IPv6 address', 'MAC address', 'Interface', 'Router'],
  empty: 'Empty: no IPv6 neighbour has been heard from yet.',
  expires: true,
};

interface Entry {
  mac: string;
  expiresAt: number;
  interfaceName: string;
}

export class NeighbourCache<T> {
  private entries = new Map<bigint, Entry>();
  private pending = new Map<bigint, T[]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
  ) {}

  lookup(address: bigint): string | undefined {
    const entry = this.entries.get(address);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.ctx.scheduler.now) {
      this.entries.delete(address);
      this.ctx.tables.delete(this.deviceId, NEIGHBOUR_TABLE.name, formatIpv6(address));
      return undefined;
    }
    return entry.mac;
  }

  has(address: bigint): boolean {
    return this.lookup(address) !== undefined;
  }

  learn(address: bigint, mac: string, interfaceName: string, router: boolean): void {
    const expiresAt = this.ctx.scheduler.now + NEIGHBOUR_REACHABLE_NS;
    this.entries.set(address, { mac, expiresAt, interfaceName });
    this.ctx.tables.set(this.deviceId, NEIGHBOUR_TABLE.name, formatIpv6(address), [formatIpv6(address), mac, interfaceName, router ? 'yes' : 'no'], expiresAt);
  }

  /** Queues a packet for an unresolved address; `first` when a solicitation must go out. */
  hold(address: bigint, packet: T): { first: boolean; held: boolean } {
    const waiting = this.pending.get(address);
    if (!waiting) {
      this.pending.set(address, [packet]);
      return { first: true, held: true };
    }
    if (waiting.length >= QUEUE_PACKETS) return { first: false, held: false };
    waiting.push(packet);
    return { first: false, held: true };
  }

  isResolving(address: bigint): boolean {
    return this.pending.has(address);
  }

  release(address: bigint): T[] {
    const waiting = this.pending.get(address) ?? [];
    this.pending.delete(address);
    return waiting;
  }

  /** Forgets what was learned on one interface (it lost its link), or everything with the packets waiting (power off). */
  forget(interfaceName?: string): bigint[] {
    const forgotten = [...this.entries].filter(([, e]) => interfaceName === undefined || e.interfaceName === interfaceName).map(([address]) => address);
    for (const address of forgotten) {
      this.entries.delete(address);
      this.ctx.tables.delete(this.deviceId, NEIGHBOUR_TABLE.name, formatIpv6(address));
    }
    if (interfaceName === undefined) this.pending.clear();
    return forgotten;
  }
}
