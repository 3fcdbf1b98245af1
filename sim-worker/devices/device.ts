/** What all devices share: an id, a hostname, interfaces, and the tables they show. */
import type { SimContext } from '../engine/context';
import type { Nic, NicOwner } from '../engine/nic';
import type { TableSpec } from '../engine/tables';

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
