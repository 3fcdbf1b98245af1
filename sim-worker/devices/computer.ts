/** A computer: an IPv4 host with an ARP cache that answers pings and runs ping. */
import type { SimContext } from '../engine/context';
import { Nic } from '../engine/nic';
import { PingRun, type PingOptions } from '../apps/ping';
import { ARP_TABLE } from '../stack/arp-cache';
import { Ipv4Host } from '../stack/ipv4-host';
import type { Ipv4Cidr } from '../wire/address';
import { Device } from './device';

export interface ComputerInterface {
  name: string;
  mac: string;
  cidr?: Ipv4Cidr;
  gateway?: number;
}

export class Computer extends Device {
  readonly tableSpecs = [ARP_TABLE];
  readonly ip: Ipv4Host;
  private runs = 0;

  constructor(ctx: SimContext, id: string, name: string, interfaces: ComputerInterface[]) {
    super(ctx, id, name);
    const hostInterfaces = interfaces.map(({ name: nicName, mac, cidr, gateway }) => {
      const nic = new Nic(this, nicName, mac);
      this.addNic(nic);
      return { nic, cidr, gateway };
    });
    this.ip = new Ipv4Host(ctx, id, hostInterfaces);
  }

  receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    this.ip.receive(nic, bytes, frameId);
  }

  ping(options: PingOptions): void {
    new PingRun(this.ctx, this.id, this.ip, ++this.runs, options).start();
  }
}
