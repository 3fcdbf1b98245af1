/**
 * What ARP (RFC 826) and IPv6 neighbour discovery (RFC 4861 §5.1) both keep:
 * the MAC address of each neighbour, learned for Linux's reachable time and
 * shown as a live table, and the packets waiting while one is being resolved.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { RecentMap } from '../engine/recent-map';
import type { TableSpec } from '../engine/tables';

/** Linux: base_reachable_time 30 s. */
export const REACHABLE_NS = 30_000_000_000;
/** Packets held per unresolved address (Linux's unres_qlen is larger; a few is enough to watch). */
export const QUEUE_PACKETS = 16;

export interface CacheEntry {
  readonly mac: string;
  expiresAt: number;
  readonly interfaceName: string;
  /** What is said of a packet sent by this entry: the same words packet after packet, so made once (a neighbour heard at another MAC or on another interface gets a new entry). */
  sentNote?: LayerNote;
}

export class AddressCache<A, T> {
  private entries = new RecentMap<A, CacheEntry>();
  private pending = new Map<A, T[]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly table: TableSpec,
    private readonly format: (address: A) => string,
  ) {}

  lookup(address: A): string | undefined {
    return this.entry(address)?.mac;
  }

  /** The neighbour's entry while it is still valid. */
  entry(address: A): CacheEntry | undefined {
    const entry = this.entries.get(address);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.ctx.scheduler.now) {
      this.entries.delete(address);
      this.ctx.tables.delete(this.deviceId, this.table.name, this.format(address));
      return undefined;
    }
    return entry;
  }

  has(address: A): boolean {
    return this.lookup(address) !== undefined;
  }

  /** Learns (or refreshes) a neighbour; `more` are the table's cells after address, MAC and interface. */
  protected remember(address: A, mac: string, interfaceName: string, more: string[]): void {
    const expiresAt = this.ctx.scheduler.now + REACHABLE_NS;
    const entry = this.entries.get(address);
    // The same neighbour heard again: its entry, and the words made for it, stay.
    if (entry !== undefined && entry.mac === mac && entry.interfaceName === interfaceName) entry.expiresAt = expiresAt;
    else this.entries.set(address, { mac, expiresAt, interfaceName });
    this.ctx.tables.set(this.deviceId, this.table.name, this.format(address), [this.format(address), mac, interfaceName, ...more], expiresAt);
  }

  /**
   * Forgets the entries learned on one interface (Linux flushes a device's
   * neighbours when it loses carrier), or everything, packets waiting for an
   * answer included (power off). Returns the addresses forgotten.
   */
  forget(interfaceName?: string): A[] {
    const forgotten = [...this.entries.entries()].filter(([, entry]) => interfaceName === undefined || entry.interfaceName === interfaceName).map(([address]) => address);
    for (const address of forgotten) {
      this.entries.delete(address);
      this.ctx.tables.delete(this.deviceId, this.table.name, this.format(address));
    }
    if (interfaceName === undefined) this.pending.clear();
    return forgotten;
  }

  /** Queues a packet for an unresolved address; `first` when a request must go out. */
  hold(address: A, packet: T): { first: boolean; held: boolean } {
    const waiting = this.pending.get(address);
    if (!waiting) {
      this.pending.set(address, [packet]);
      return { first: true, held: true };
    }
    if (waiting.length >= QUEUE_PACKETS) return { first: false, held: false };
    waiting.push(packet);
    return { first: false, held: true };
  }

  isResolving(address: A): boolean {
    return this.pending.has(address);
  }

  /** Takes every packet waiting for this address. */
  release(address: A): T[] {
    const waiting = this.pending.get(address) ?? [];
    this.pending.delete(address);
    return waiting;
  }
}
