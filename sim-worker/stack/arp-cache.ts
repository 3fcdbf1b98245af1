/**
 * A host's ARP cache (RFC 826) with the queue of packets waiting for an
 * address to be resolved. Entries time out like Linux's reachable time; a
 * resolution gives up after a few unanswered requests.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatIpv4 } from '../wire/address';
import { AddressCache } from './address-cache';

/** Linux: mcast_solicit 3 requests, retrans_time 1 s apart. */
export const ARP_REQUESTS = 3;
export const ARP_RETRY_NS = 1_000_000_000;

export const ARP_TABLE: TableSpec = {
  name: 'arp',
  title: 'ARP cache',
  columns: ['IPv4 address', 'MAC address', 'Interface'],
  empty: 'Empty: this computer has not learned anyone’s MAC address yet.',
  expires: true,
};

export class ArpCache<T> extends AddressCache<number, T> {
  constructor(ctx: SimContext, deviceId: string) {
    super(ctx, deviceId, ARP_TABLE, formatIpv4);
  }

  learn(ip: number, mac: string, interfaceName: string): void {
    this.remember(ip, mac, interfaceName, []);
  }
}
