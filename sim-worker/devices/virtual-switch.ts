/**
 * The virtual switch inside a computer that hosts VMs, as a hypervisor builds
 * one per network (libvirt's virbr0 bridge for NAT, VirtualBox's vboxnet0 for
 * host-only, the bridge onto the host's card for bridged). Each network is a
 * learning bridge of its own (stack/learning-bridge.ts), so the three never
 * see each other's frames; they share one device because the canvas draws one
 * small virtual switch inside the host. Its ports are the VMs' taps (vnet0,
 * vnet1…, libvirt's names) and one uplink per network to the host.
 */
import type { LayerNote } from '../api';
import { Nic } from '../engine/nic';
import type { TableSpec } from '../engine/tables';
import type { VmMode } from '../document/schema';
import { VM_MODE_INFO } from '../document/vm-rules';
import { LearningBridge, MAC_TABLE } from '../stack/learning-bridge';
import { ZERO_MAC } from '../wire/address';
import { Device } from './device';

interface Segment {
  bridge: LearningBridge<Nic>;
  ports: Nic[];
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });

export class VirtualSwitch extends Device {
  readonly tableSpecs: TableSpec[] = [];
  private readonly segments = new Map<VmMode, Segment>();
  private readonly segmentOf = new Map<Nic, Segment>();

  /** A port on `network`'s bridge, created with the network's bridge if it is the first. */
  addPort(network: VmMode, name: string): Nic {
    let segment = this.segments.get(network);
    if (!segment) {
      const table: TableSpec = { ...MAC_TABLE, name: `mac-${network}`, title: `MAC table (${VM_MODE_INFO[network].label} network)` };
      const ports: Nic[] = [];
      segment = { ports, bridge: new LearningBridge<Nic>(this.ctx, this.id, () => ports.filter((port) => port.linkUp), table) };
      this.segments.set(network, segment);
      this.tableSpecs.push(table);
    }
    const nic = new Nic(this, name, ZERO_MAC);
    this.addNic(nic);
    segment.ports.push(nic);
    this.segmentOf.set(nic, segment);
    return nic;
  }

  receive(ingress: Nic, bytes: Uint8Array, frameId: number): void {
    this.segmentOf.get(ingress)!.bridge.receive(ingress, bytes, frameId);
  }

  protected override get lostAtPowerOff(): string {
    return 'its MAC tables are emptied';
  }

  override powerOff(): void {
    for (const { bridge } of this.segments.values()) bridge.clear();
    super.powerOff();
  }

  override linkChanged(port: Nic, up: boolean): LayerNote[] {
    if (up || !this.poweredOn) return [];
    const forgotten = this.segmentOf.get(port)!.bridge.forgetPort(port);
    return forgotten.length === 0 ? [] : [L2(`forgot ${forgotten.join(', ')}, learned on ${port.name}`)];
  }
}
