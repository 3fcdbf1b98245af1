/**
 * IPv6's neighbour cache (RFC 4861 §5.1): the MAC address of each neighbour,
 * and the packets waiting while one is being resolved. Like the ARP cache, an
 * entry lasts Linux's reachable time; Linux would then keep it as STALE and
 * probe it before reuse, here it is simply forgotten and asked for again.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatIpv6 } from '../wire/address6';
import { AddressCache } from './address-cache';

/** Linux: mcast_solicit 3 solicitations, retrans_time 1 s apart (RFC 4861 §10: MAX_MULTICAST_SOLICIT, RETRANS_TIMER). */
export const NEIGHBOUR_SOLICITS = 3;
export const NEIGHBOUR_RETRY_NS = 1_000_000_000;

export const NEIGHBOUR_TABLE: TableSpec = {
  name: 'neighbours',
  title: 'Neighbour cache',
  columns: ['IPv6 address', 'MAC address', 'Interface', 'Router'],
  empty: 'Empty: no IPv6 neighbour has been heard from yet.',
  expires: true,
};

export class NeighbourCache<T> extends AddressCache<bigint, T> {
  constructor(ctx: SimContext, deviceId: string) {
    super(ctx, deviceId, NEIGHBOUR_TABLE, formatIpv6);
  }

  learn(address: bigint, mac: string, interfaceName: string, router: boolean): void {
    this.remember(address, mac, interfaceName, [router ? 'yes' : 'no']);
  }
}
