/** A computer: an IPv4 host (a Linux machine with ip_forward off) that answers pings and runs ping and traceroute. */
import type { SimContext } from '../engine/context';
import { Nic } from '../engine/nic';
import { ARP_TABLE } from '../stack/arp-cache';
import { Ipv4Host } from '../stack/ipv4-host';
import { ROUTING_TABLE, type StaticRoute } from '../stack/routing-table';
import type { Ipv4Cidr } from '../wire/address';
import { IpDevice } from './device';

export interface ComputerInterface {
  name: string;
  mac: string;
  cidr?: Ipv4Cidr;
  gateway?: number;
}

export class Computer extends IpDevice {
  readonly tableSpecs = [ARP_TABLE, ROUTING_TABLE];
  readonly ip: Ipv4Host;

  constructor(ctx: SimContext, id: string, name: string, interfaces: ComputerInterface[], routes: StaticRoute[] = []) {
    super(ctx, id, name);
    const hostInterfaces = interfaces.map(({ name: nicName, mac, cidr, gateway }) => {
      const nic = new Nic(this, nicName, mac);
      this.addNic(nic);
      return { nic, cidr, gateway };
    });
    this.ip = new Ipv4Host(ctx, id, hostInterfaces, { routes });
  }
}
