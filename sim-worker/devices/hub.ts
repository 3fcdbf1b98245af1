/**
 * A hub: a layer-1 repeater. Every frame that comes in goes out of every
 * other port, unread, so every computer sees every frame.
 */
import type { Nic } from '../engine/nic';
import { Device } from './device';

export class Hub extends Device {
  readonly tableSpecs = [];

  protected override get lostAtPowerOff(): string {
    return 'a hub remembers nothing, it only repeats bits';
  }

  receive(ingress: Nic, bytes: Uint8Array, frameId: number): void {
    const out = [...this.nics.values()].filter((nic) => nic !== ingress && nic.linkUp);
    const names = out.map((nic) => nic.name).join(', ') || 'nowhere (no other port has a link)';
    this.ctx.trace.record({
      device: this.id, interface: ingress.name, type: 'flood', frame: { id: frameId, bytes },
      layers: [{ layer: 1, protocol: 'Ethernet', reason: `a hub only repeats bits, it reads no addresses: copied out of ${names}` }],
    });
    for (const nic of out) nic.transmit(bytes, frameId, [{ layer: 1, protocol: 'Ethernet', reason: `repeated from ${ingress.name}` }]);
  }
}
