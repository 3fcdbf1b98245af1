/**
 * Builds networks in code for tests, lessons' fixtures and the CLI's
 * examples, through the same edits the app uses. A refused edit throws: in
 * code, it is a bug in the caller.
 */
import { addDevice, connect, setInterface, type Edit } from '../document/edits';
import { type DeviceKind, emptyDocument, type NetworkDocument } from '../document/schema';

export class NetworkBuilder {
  doc: NetworkDocument = emptyDocument();

  /** Adds a device and returns its id ("pc-1", "switch-1"…); names follow the app's ("PC-1", "Switch-1"…). */
  add(kind: DeviceKind): string {
    return this.apply(addDevice(this.doc, kind, { x: this.doc.devices.length * 150, y: 0 })).deviceId;
  }

  cable(a: string, b: string, aInterface?: string, bInterface?: string): string {
    return this.apply(connect(this.doc, { device: a, interface: aInterface }, { device: b, interface: bInterface })).linkId;
  }

  address(device: string, ipv4: string, gateway?: string, interfaceName = 'eth0'): this {
    this.apply(setInterface(this.doc, device, interfaceName, { ipv4, gateway }));
    return this;
  }

  private apply<T>(edit: Edit<T>): { doc: NetworkDocument } & T {
    if (!edit.ok) throw new Error(edit.error);
    this.doc = edit.doc;
    return edit;
  }
}

/** n computers 192.168.1.1…n/24 on one switch (or hub): the classic first LAN. */
export function lan(n: number, middle: 'switch' | 'hub' = 'switch'): { doc: NetworkDocument; pcs: string[]; middle: string } {
  const net = new NetworkBuilder();
  const hub = net.add(middle);
  const pcs = Array.from({ length: n }, (_, i) => {
    const pc = net.add('computer');
    net.address(pc, `192.168.1.${i + 1}/24`);
    net.cable(pc, hub);
    return pc;
  });
  return { doc: net.doc, pcs, middle: hub };
}
