/** What all devices share: an id, a hostname, interfaces, and the tables they show. */
import { PingRun, type PingOptions } from '../apps/ping';
import { TracerouteRun, type TracerouteOptions } from '../apps/traceroute';
import type { SimContext } from '../engine/context';
import type { Nic, NicOwner } from '../engine/nic';
import type { TableSpec } from '../engine/tables';
import type { Ipv4Host } from '../stack/ipv4-host';

export abstract class Device implements NicOwner {
  readonly nics = new Map<string, Nic>();

  constructor(
    readonly ctx: SimContext,
    readonly id: string,
    readonly name: string,
  ) {}

  abstract readonly tableSpecs: TableSpec[];

  abstract receive(nic: Nic, bytes: Uint8Array, frameId: number): void;

  addNic(nic: Nic): void {
    this.nics.set(nic.name, nic);
  }
}

/** A device with an IPv4 stack of its own (a computer, a router): it can run ping and traceroute. */
export abstract class IpDevice extends Device {
  abstract readonly ip: Ipv4Host;
  /** Runs of each app so far, to number them ("ping #2"). */
  private runs = new Map<string, number>();

  receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    this.ip.receive(nic, bytes, frameId);
  }

  ping(options: PingOptions): void {
    new PingRun(this.ctx, this.id, this.ip, this.nextRun('ping'), options).start();
  }

  traceroute(options: TracerouteOptions): void {
    new TracerouteRun(this.ctx, this.id, this.ip, this.nextRun('traceroute'), options).start();
  }

  private nextRun(app: string): number {
    const run = (this.runs.get(app) ?? 0) + 1;
    this.runs.set(app, run);
    return run;
  }
}
