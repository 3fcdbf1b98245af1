/**
 * A home router: one box holding a router, a switch and NAT, as an OpenWrt
 * box is built. Its `wan` interface faces the ISP (an address typed in or
 * leased by DHCP); its `lan` interface is the router's own side of a built-in
 * switch whose ports (`port1`…) take the computers' cables. Frames on the
 * ports go through the built-in learning bridge; those for the `lan` MAC, and
 * broadcasts, reach the router's IPv4 stack, which forwards as any Linux
 * router does (router.ts) with NAT between `lan` and `wan`:
 *   - out of `wan`, a packet from inside is masqueraded (POSTROUTING);
 *   - into `wan`, replies and forwarded ports are translated back to the host
 *     inside (PREROUTING); anything else for the WAN address is for the
 *     router itself (ping, its DHCP client) or is dropped, as the default
 *     firewall of a home router (OpenWrt's wan zone) drops it.
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import { Nic } from '../engine/nic';
import type { TableSpec } from '../engine/tables';
import type { HostInterface, Transit } from '../stack/ipv4-host';
import { BridgedNic, type BridgePort, LearningBridge, MAC_TABLE } from '../stack/learning-bridge';
import { Nat, NAT_TABLE, type PortForward } from '../stack/nat';
import { ROUTING_TABLE, type StaticRoute } from '../stack/routing-table';
import { formatIpv4, ZERO_MAC } from '../wire/address';
import { IP_PROTO_ICMP, IP_PROTO_UDP, parseIpv4 } from '../wire/ipv4';
import { Router, ROUTER_ARP_TABLE, type RouterInterface } from './router';

export interface HomeRouterConfig {
  wan: RouterInterface;
  lan: RouterInterface;
  /** The built-in switch's ports: port1, port2… */
  ports: string[];
  routes: StaticRoute[];
  portForwards: PortForward[];
}

export const BUILT_IN_SWITCH_TABLE: TableSpec = {
  ...MAC_TABLE,
  title: 'MAC table (built-in switch)',
  empty: 'Empty: the built-in switch has not seen a frame yet.',
};

/** The router's own side of its built-in switch. */
interface LanInterface extends RouterInterface {
  builtInSwitch: true;
}

const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });

export class HomeRouter extends Router {
  override readonly tableSpecs = [ROUTING_TABLE, ROUTER_ARP_TABLE, BUILT_IN_SWITCH_TABLE, NAT_TABLE];
  private readonly wanName: string;
  private readonly lanName: string;
  private readonly ports: Nic[];
  private readonly nat: Nat;
  /** The built-in switch's way into the router's own stack, behind the `lan` MAC. */
  private readonly stackPort: BridgePort;
  private readonly bridge: LearningBridge<BridgePort>;

  constructor(ctx: SimContext, id: string, name: string, config: HomeRouterConfig) {
    const lan: LanInterface = { ...config.lan, builtInSwitch: true };
    super(ctx, id, name, [config.wan, lan], config.routes);
    this.wanName = config.wan.name;
    this.lanName = config.lan.name;
    this.ports = config.ports.map((port) => new Nic(this, port, ZERO_MAC));
    for (const port of this.ports) this.addNic(port);
    this.nat = new Nat(ctx, id, config.portForwards);
    const lanNic = this.nics.get(this.lanName)!;
    this.stackPort = { name: this.lanName, transmit: (bytes, frameId) => this.ip.receive(lanNic, bytes, frameId) };
    this.bridge = new LearningBridge<BridgePort>(ctx, id, () => [...this.ports.filter((port) => port.linkUp), this.stackPort], BUILT_IN_SWITCH_TABLE);
    this.bridge.addLocal(lanNic.mac, this.stackPort);
  }

  /** `lan` has no socket of its own: what the stack sends out of it goes into the built-in switch. (Called from Router's constructor.) */
  protected override createNic(iface: RouterInterface | LanInterface): Nic {
    if (!('builtInSwitch' in iface)) return super.createNic(iface);
    return new BridgedNic(this, iface.name, iface.mac, (bytes, frameId, notes) => this.bridge.receive(this.stackPort, bytes, frameId, notes));
  }

  override receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    if (nic.name === this.wanName) super.receive(nic, bytes, frameId);
    else this.bridge.receive(nic, bytes, frameId);
  }

  protected override get lostAtPowerOff(): string {
    return 'its programs stop, and its ARP cache, MAC table and NAT translations are emptied';
  }

  override powerOff(): void {
    this.bridge.clear();
    this.nat.clear();
    super.powerOff();
  }

  override linkChanged(nic: Nic, up: boolean): LayerNote[] {
    if (nic.name === this.wanName) return super.linkChanged(nic, up);
    if (up || !this.poweredOn) return [];
    const forgotten = this.bridge.forgetPort(nic);
    return forgotten.length === 0 ? [] : [{ layer: 2, protocol: 'Ethernet', reason: `the built-in switch forgot ${forgotten.join(', ')}, learned on ${nic.name}` }];
  }

  protected override prerouting(arrival: Transit): Transit | undefined {
    if (arrival.iface.nic.name !== this.wanName) return arrival;
    const outside = arrival.iface.cidr?.address;
    const dst = arrival.ip.dst;
    let reason = `for ${formatIpv4(dst)}, not for ${outside === undefined ? 'this router, whose wan has no address yet' : `the WAN address ${formatIpv4(outside)}`}: a home router forwards nothing from the internet into its LAN unless a connection from inside or a port-forwarding rule opened the way, so it drops it`;
    if (outside !== undefined && dst === outside) {
      const packet = arrival.packet.slice();
      const verdict = this.nat.inbound(packet, outside);
      if (verdict.action === 'translated') {
        const ip = parseIpv4(packet);
        return ip.ok ? { ...arrival, ip: ip.value, packet, notes: [L3('NAT', verdict.note)] } : undefined;
      }
      reason = `${verdict.reason}: a home router drops it`;
    }
    if (this.forRouterItself(arrival, outside)) return arrival;
    this.ctx.trace.record({ device: this.id, interface: arrival.iface.nic.name, type: 'drop', frame: arrival.frame, layers: [arrival.l2, L3('NAT', reason)] });
    return undefined;
  }

  /** What came in by `wan` untranslated and is still welcome: ICMP for the router itself (ping, errors about its own packets), UDP to a port it listens on, broadcasts. */
  private forRouterItself({ ip }: Transit, outside: number | undefined): boolean {
    if (ip.dst !== outside) return this.ip.isBroadcast(ip.dst);
    if (ip.protocol === IP_PROTO_ICMP) return true;
    return ip.protocol === IP_PROTO_UDP && ip.payload.length >= 4 && this.ip.listensOnUdp((ip.payload[2] << 8) | ip.payload[3]);
  }

  protected override output(packet: Uint8Array, exit: HostInterface): LayerNote | undefined {
    if (exit.nic.name !== this.wanName || !exit.cidr) return undefined;
    const verdict = this.nat.ownError(packet, exit.cidr.address);
    return verdict.action === 'translated' ? L3('NAT', verdict.note) : undefined;
  }

  protected override postrouting(_transit: Transit, exit: HostInterface, packet: Uint8Array): Result<LayerNote[]> {
    if (exit.nic.name !== this.wanName || !exit.cidr) return { ok: true, value: [] };
    const verdict = this.nat.outbound(packet, exit.cidr.address);
    if (verdict.action === 'translated') return { ok: true, value: [L3('NAT', verdict.note)] };
    return { ok: false, error: verdict.reason };
  }
}
