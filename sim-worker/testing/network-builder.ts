/**
 * Builds networks in code for tests, lessons' fixtures and the CLI's
 * examples, through the same edits the app uses. A refused edit throws: in
 * code, it is a bug in the caller.
 */
import { addDevice, addRoute, connect, setInterface, type Edit } from '../document/edits';
import { setAddressing, setDhcpServer, suggestDhcpScope } from '../document/dhcp-edits';
import { addPortForward } from '../document/port-forward-edits';
import { type DeviceKind, type DhcpServerDoc, emptyDocument, type NetworkDocument, type PortForwardDoc, type VmMode } from '../document/schema';
import { addVm } from '../document/vm-edits';

export class NetworkBuilder {
  doc: NetworkDocument = emptyDocument();

  /** Adds a device and returns its id ("pc-1", "switch-1"…); names follow the app's ("PC-1", "Switch-1"…). */
  add(kind: DeviceKind): string {
    return this.apply(addDevice(this.doc, kind, { x: this.doc.devices.length * 150, y: 0 })).deviceId;
  }

  /** A VM inside the computer `host` ("vm-1", named "VM-1"…), on DHCP. */
  vm(host: string, mode: VmMode = 'nat'): string {
    return this.apply(addVm(this.doc, host, mode)).deviceId;
  }

  cable(a: string, b: string, aInterface?: string, bInterface?: string): string {
    return this.apply(connect(this.doc, { device: a, interface: aInterface }, { device: b, interface: bInterface })).linkId;
  }

  address(device: string, ipv4: string, gateway?: string, interfaceName = 'eth0'): this {
    this.apply(setInterface(this.doc, device, interfaceName, { ipv4, gateway }));
    return this;
  }

  /** The interface takes its address from a DHCP server. */
  dhcpClient(device: string, interfaceName = 'eth0'): this {
    this.apply(setAddressing(this.doc, device, interfaceName, 'dhcp'));
    return this;
  }

  /** A DHCP server on the interface's network: the scope given, or the one the app would suggest. */
  dhcpServer(device: string, interfaceName = 'eth0', scope?: Omit<DhcpServerDoc, 'interface'>): this {
    const suggested = suggestDhcpScope(this.doc, device, interfaceName);
    if (!scope && !suggested.ok) throw new Error(suggested.error);
    this.apply(setDhcpServer(this.doc, device, interfaceName, scope ?? (suggested.ok ? suggested.value : undefined)));
    return this;
  }

  /** A home router's port-forwarding rule. */
  portForward(device: string, rule: PortForwardDoc): this {
    this.apply(addPortForward(this.doc, device, rule));
    return this;
  }

  /** A static route, as `ip route add destination via via [dev interface] [metric metric]`. */
  route(device: string, destination: string, via: string, options: { interface?: string; metric?: number } = {}): this {
    this.apply(addRoute(this.doc, device, { destination, via, ...options }));
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

/**
 * PC-1 10.0.1.10/24 — Switch-1 — R1 — a /30 per hop — … — Rn — Switch-2 — PC-2 10.0.2.5/24,
 * each router with static routes both ways (n = 1: R1 joins the two LANs directly).
 */
export function routedLine(routerCount: number): { doc: NetworkDocument; pcs: [string, string]; routers: string[]; switches: [string, string] } {
  const net = new NetworkBuilder();
  const sw1 = net.add('switch');
  const pc1 = net.add('computer');
  const routers = Array.from({ length: routerCount }, () => net.add('router'));
  const sw2 = net.add('switch');
  const pc2 = net.add('computer');
  net.address(pc1, '10.0.1.10/24', '10.0.1.1').cable(pc1, sw1);
  net.address(pc2, '10.0.2.5/24', '10.0.2.1').cable(pc2, sw2);
  net.address(routers[0], '10.0.1.1/24').cable(routers[0], sw1, 'eth0');
  net.address(routers.at(-1)!, '10.0.2.1/24', undefined, 'eth1').cable(routers.at(-1)!, sw2, 'eth1');
  // Between routers i and i+1: 10.0.0.(4i)/30, .1 on router i's eth2, .2 on router i+1's eth3.
  for (let i = 0; i + 1 < routerCount; i++) {
    net.address(routers[i], `10.0.0.${4 * i + 1}/30`, undefined, 'eth2').address(routers[i + 1], `10.0.0.${4 * i + 2}/30`, undefined, 'eth3');
    net.cable(routers[i], routers[i + 1], 'eth2', 'eth3');
    net.route(routers[i], '10.0.2.0/24', `10.0.0.${4 * i + 2}`).route(routers[i + 1], '10.0.1.0/24', `10.0.0.${4 * i + 1}`);
  }
  // Routers further along also need the far LAN: every router knows both LANs.
  for (let i = 0; i < routerCount; i++) {
    for (let j = 0; j + 1 < routerCount; j++) {
      if (j === i || j + 1 === i) continue;
      if (j > i) net.route(routers[i], `10.0.0.${4 * j}/30`, `10.0.0.${4 * i + 2}`);
      else net.route(routers[i], `10.0.0.${4 * j}/30`, `10.0.0.${4 * (i - 1) + 1}`);
    }
  }
  return { doc: net.doc, pcs: [pc1, pc2], routers, switches: [sw1, sw2] };
}
