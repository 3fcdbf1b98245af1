/**
 * A learning switch (IEEE 802.1D transparent bridge, without spanning tree):
 * every port joins one learning bridge (stack/learning-bridge.ts), which
 * learns which port each source MAC is behind, forwards known unicast out of
 * that one port, floods broadcast and unknown unicast out of every other
 * port, and never sends a frame back out of the port it came in on.
 */
import type { LayerNote } from '../api';
import type { Nic } from '../engine/nic';
import { LearningBridge, MAC_TABLE } from '../stack/learning-bridge';
import { Device } from './device';

export { MAC_AGING_NS, MAC_TABLE } from '../stack/learning-bridge';

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });

export class Switch extends Device {
  readonly tableSpecs = [MAC_TABLE];
  private readonly bridge = new LearningBridge<Nic>(this.ctx, this.id, () => [...this.nics.values()].filter((nic) => nic.linkUp));

  receive(ingress: Nic, bytes: Uint8Array, frameId: number): void {
    this.bridge.receive(ingress, bytes, frameId);
  }

  protected override get lostAtPowerOff(): string {
    return 'its MAC table is emptied';
  }

  override powerOff(): void {
    this.bridge.clear();
    super.powerOff();
  }

  /** A port that loses its link forgets the addresses learned on it, as a Linux bridge does (br_fdb_delete_by_port). */
  override linkChanged(port: Nic, up: boolean): LayerNote[] {
    if (up || !this.poweredOn) return [];
    const forgotten = this.bridge.forgetPort(port);
    if (forgotten.length === 0) return [L2(`no address was learned on ${port.name}, so the MAC table is unchanged`)];
    return [L2(`forgot ${forgotten.join(', ')}, learned on ${port.name}: a switch flushes a port's MAC table entries when its link goes down, so frames for them are flooded until they are learned again`)];
  }
}
