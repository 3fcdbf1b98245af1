/**
 * A host's ARP cache (RFC 826) with the queue of packets waiting for an
 * address to be resolved. Entries time out like Linux's reachable time; a
 * resolution gives up after a few unanswered requests.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatIpv4 } from '../wire/address';

/** Linux: base_reachable_time 30 s; mcast_solicit 3 requests, retrans_time 1 s apart. */
export const ARP_REACHABLE_NS = 30_000_000_000;
export const ARP_REQUESTS = 3;
export const ARP_RETRY_NS = 1_000_000_000;
/** Packets held per unresolved address (Linux's unres_qlen is larger; a few is enough to watch). */
export const ARP_QUEUE_PACKETS = 16;

export const ARP_TABLE: TableSpec = {
  name: 'arp',
  title: 'ARP cache',
  columns: ['IPv4 address', 'MAC address', 'Interface'],
  empty: 'Empty: this computer has not learned anyone’s MAC address yet.',
  expires: true,
};

interface Entry {
  mac: string;
  expiresAt: number;
  interfaceName: string;
}

export class ArpCache<T> {
  private entries = new Map<number, Entry>();
  private pending = new Map<number, T[]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
  ) {}

  lookup(ip: number): string | undefined {
    const entry = this.entries.get(ip);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.ctx.scheduler.now) {
      this.entries.delete(ip);
      this.ctx.tables.delete(this.deviceId, ARP_TABLE.name, formatIpv4(ip));
      return undefined;
    }
    return entry.mac;
  }

  has(ip: number): boolean {
    return this.lookup(ip) !== undefined;
  }

  learn(ip: number, mac: string, interfaceName: string): void {
    const expiresAt = this.ctx.scheduler.now + ARP_REACHABLE_NS;
    this.entries.set(ip, { mac, expiresAt, interfaceName });
    this.ctx.tables.set(this.deviceId, ARP_TABLE.name, formatIpv4(ip), [formatIpv4(ip), mac, interfaceName], expiresAt);
  }

  /**
   * Forgets the entries learned on one interface (Linux flushes a device's
   * neighbours when it loses carrier), or everything, packets waiting for an
   * answer included (power off). Returns the addresses forgotten.
   */
  forget(interfaceName?: string): number[] {
    const forgotten = [...this.entries].filter(([, entry]) => interfaceName === undefined || entry.interfaceName === interfaceName).map(([ip]) => ip);
    for (const ip of forgotten) {
      this.entries.delete(ip);
      this.ctx.tables.delete(this.deviceId, ARP_TABLE.name, formatIpv4(ip));
    }
    if (interfaceName === undefined) this.pending.clear();
    return forgotten;
  }

  /** Queues a packet for an unresolved address; true when it is the first (so a request must go out). */
  hold(ip: number, packet: T): { first: boolean; held: boolean } {
    const waiting = this.pending.get(ip);
    if (!waiting) {
      this.pending.set(ip, [packet]);
      return { first: true, held: true };
    }
    if (waiting.length >= ARP_QUEUE_PACKETS) return { first: false, held: false };
    waiting.push(packet);
    return { first: false, held: true };
  }

  isResolving(ip: number): boolean {
    return this.pending.has(ip);
  }

  /** Takes every packet waiting for this address. */
  release(ip: number): T[] {
    const waiting = this.pending.get(ip) ?? [];
    this.pending.delete(ip);
    return waiting;
  }
}
