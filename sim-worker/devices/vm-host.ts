/**
 * A computer that hosts VMs. Its VMs are computers of their own (computer.ts),
 * each cabled by a virtual cable to a port of the host's virtual switch
 * (virtual-switch.ts); the switch has one network per VM mode, joined to the
 * host as the hypervisors do it:
 *
 * - NAT, as libvirt's default network: the host has `virbr0`
 *   192.168.122.1/24, serves it by DHCP (.2–.254, as libvirt's dnsmasq), and
 *   forwards the VMs' packets out of its other interfaces masqueraded behind
 *   its own address (stack/nat.ts, as libvirt's iptables MASQUERADE rule).
 *   Into 192.168.122.0/24 it lets only replies (libvirt's LIBVIRT_FWI chain
 *   REJECTs the rest with an ICMP port unreachable).
 * - Host-only, as VirtualBox's default: the host has `vboxnet0`
 *   192.168.56.1/24 with a DHCP server handing out .101–.254. VirtualBox's
 *   server sits at .100 of its own and gives no router; here the host serves
 *   it and names itself as gateway, so a VM that tries to go further reaches
 *   the host, which explains that it forwards nothing from a host-only network.
 * - Bridged, as VirtualBox's bridged adapter (its vboxnetflt filter on the
 *   host's card): the bridged VMs' frames go out on the host's first
 *   interface's wire as their own, and frames for their MACs come in to
 *   them; the host's own frames to them stay inside. The host's address stays
 *   on that interface (as with VirtualBox; a Linux bridge br0 would move it
 *   to br0, which changes nothing on the wire).
 *
 * Like a libvirt host, it runs with ip_forward on, but forwards only its NAT
 * VMs' packets: anything else not for it is dropped, each drop explained.
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import { Nic, type NicOwner } from '../engine/nic';
import type { TableSpec } from '../engine/tables';
import { ARP_TABLE } from '../stack/arp-cache';
import type { DhcpScope } from '../stack/dhcp-server';
import type { HostInterface, Transit } from '../stack/ipv4-host';
import { Nat, NAT_TABLE } from '../stack/nat';
import { ROUTING_TABLE, type StaticRoute } from '../stack/routing-table';
import { formatCidr, formatIpv4, inSubnet, isGroupMac, type Ipv4Cidr, macFromBytes, networkOf } from '../wire/address';
import { ICMP_UNREACHABLE_PORT } from '../wire/icmp';
import { parseIpv4 } from '../wire/ipv4';
import type { Device } from './device';
import { Router, type RouterInterface } from './router';
import type { VirtualSwitch } from './virtual-switch';

/** A network the host serves its VMs: the host's interface on it, its address, and the DHCP pool. */
export interface VmNetwork {
  interfaceName: string;
  cidr: Ipv4Cidr;
  poolStart: number;
  poolEnd: number;
}

const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/** libvirt's default network (/etc/libvirt/qemu/networks/default.xml). */
export const NAT_NETWORK: VmNetwork = { interfaceName: 'virbr0', cidr: { address: ip(192, 168, 122, 1), prefix: 24 }, poolStart: ip(192, 168, 122, 2), poolEnd: ip(192, 168, 122, 254) };
/** VirtualBox's first host-only network and its DHCP server's default pool. */
export const HOST_ONLY_NETWORK: VmNetwork = { interfaceName: 'vboxnet0', cidr: { address: ip(192, 168, 56, 1), prefix: 24 }, poolStart: ip(192, 168, 56, 101), poolEnd: ip(192, 168, 56, 254) };
/** The MAC VirtualBox gives the host's vboxnet0. */
export const HOST_ONLY_MAC = '0a:00:27:00:00:00';
/** An hour: dnsmasq's default lease, which libvirt keeps. */
export const VM_LEASE_SECONDS = 3600;

/** The host's end of the virtual cable to the bridged VMs' network on the virtual switch. */
export const BRIDGE_TRUNK = 'vm-bridge';

export interface VmHostConfig {
  interfaces: RouterInterface[];
  routes: StaticRoute[];
  nat: boolean;
  hostOnly: boolean;
  /** The bridged VMs' MACs; none, and the host bridges nothing. */
  bridgedMacs: string[];
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });
const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });

/** libvirt's virbr0 has a random MAC in QEMU's 52:54:00 block; this one is made from the host's own, so it is the same every run. */
export function natBridgeMac(hostMac: string): string {
  return `52:54:00:${hostMac.slice(9)}`;
}

/** The host's card that VirtualBox's bridge filter sits on: what the host itself sends is looked at first. */
class FilteredNic extends Nic {
  constructor(
    owner: NicOwner,
    name: string,
    mac: string,
    private readonly filter: (bytes: Uint8Array, frameId: number, notes: LayerNote[]) => void,
  ) {
    super(owner, name, mac);
  }

  override transmit(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void {
    this.filter(bytes, frameId, notes);
  }

  /** Straight onto the cable, past the filter. */
  onWire(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void {
    super.transmit(bytes, frameId, notes);
  }
}

export class VmHost extends Router {
  override readonly tableSpecs: TableSpec[];
  private readonly nat?: Nat;
  private readonly bridgedMacs: Set<string>;
  /** The first interface: the card bridged VMs share. */
  private readonly uplink: FilteredNic;
  /** The virtual cable to the bridged VMs, when any VM is bridged. */
  private readonly trunk?: Nic;
  private vswitch?: VirtualSwitch;
  private guests: Device[] = [];

  constructor(ctx: SimContext, id: string, name: string, config: VmHostConfig) {
    const networks: RouterInterface[] = [];
    if (config.nat) networks.push({ name: NAT_NETWORK.interfaceName, mac: natBridgeMac(config.interfaces[0].mac), cidr: NAT_NETWORK.cidr });
    if (config.hostOnly) networks.push({ name: HOST_ONLY_NETWORK.interfaceName, mac: HOST_ONLY_MAC, cidr: HOST_ONLY_NETWORK.cidr });
    super(ctx, id, name, [...config.interfaces, ...networks], config.routes);
    this.tableSpecs = [ARP_TABLE, ROUTING_TABLE];
    if (config.nat) {
      this.nat = new Nat(ctx, id);
      this.tableSpecs.push(NAT_TABLE);
    }
    this.bridgedMacs = new Set(config.bridgedMacs);
    this.uplink = this.nics.get(config.interfaces[0].name) as FilteredNic;
    if (this.bridgedMacs.size > 0) {
      this.trunk = new Nic(this, BRIDGE_TRUNK, config.interfaces[0].mac);
      this.addNic(this.trunk);
    }
  }

  /** The host's first interface carries its bridged VMs' frames too. (Called from Router's constructor, before this class's fields exist.) */
  protected override createNic(iface: RouterInterface): Nic {
    if (this.nics.size > 0) return super.createNic(iface);
    return new FilteredNic(this, iface.name, iface.mac, (bytes, frameId, notes) => this.fromHostStack(bytes, frameId, notes));
  }

  /** The host's end of the virtual cable to its bridged VMs' network (the builder plugs it). */
  get bridgeTrunk(): Nic | undefined {
    return this.trunk;
  }

  /** The DHCP scopes its VM networks need (the builder starts them). */
  vmDhcpScopes(): DhcpScope[] {
    return [this.nat && NAT_NETWORK, this.ip.interfaceNamed(HOST_ONLY_NETWORK.interfaceName) && HOST_ONLY_NETWORK]
      .flatMap((network) => (network ? [{ interfaceName: network.interfaceName, poolStart: network.poolStart, poolEnd: network.poolEnd, leaseSeconds: VM_LEASE_SECONDS, dns: [], reservations: [] }] : []));
  }

  /** Its virtual switch and VMs, which go off and on with it. */
  attachGuests(vswitch: VirtualSwitch, guests: Device[]): void {
    this.vswitch = vswitch;
    this.guests = guests;
  }

  protected override routesIpv6(): boolean {
    return false;
  }

  protected override get lostAtPowerOff(): string {
    return `its programs stop, its ARP cache${this.nat ? ' and NAT translations are' : ' is'} emptied, and its VMs stop with it`;
  }

  override powerOff(): void {
    this.nat?.clear();
    for (const guest of this.guests) if (guest.poweredOn) guest.powerOff();
    if (this.vswitch?.poweredOn) this.vswitch.powerOff();
    super.powerOff();
  }

  /** The VMs start again with their host, as libvirt's autostart does. */
  override powerOn(): void {
    super.powerOn();
    if (this.vswitch && !this.vswitch.poweredOn) this.vswitch.powerOn();
    for (const guest of this.guests) if (!guest.poweredOn) guest.powerOn();
  }

  // ---- Bridged: VirtualBox's filter on the host's card

  override receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    if (nic === this.trunk) return this.fromBridgedVms(bytes, frameId);
    if (this.trunk && nic === this.uplink && bytes.length >= 14) {
      const dst = macFromBytes(bytes, 0);
      if (this.bridgedMacs.has(dst)) return this.toBridgedVms(bytes, frameId, `for ${dst}, a bridged VM's MAC: the bridge on ${nic.name} hands it to the VM`);
      if (isGroupMac(dst)) this.toBridgedVms(bytes, frameId, `${dst === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : 'multicast'} on ${nic.name}'s LAN: the bridged VMs hear it too`);
    }
    super.receive(nic, bytes, frameId);
  }

  private toBridgedVms(bytes: Uint8Array, frameId: number, reason: string): void {
    this.trunk!.transmit(bytes, frameId, [L2(reason)]);
  }

  /** A bridged VM's frame: onto the LAN as the VM's own, or up to the host when it is for the host (or for everyone). */
  private fromBridgedVms(bytes: Uint8Array, frameId: number): void {
    if (bytes.length < 14) return;
    const uplink = this.uplink;
    const dst = macFromBytes(bytes, 0);
    const src = macFromBytes(bytes, 6);
    if (dst === uplink.mac) return void super.receive(uplink, bytes, frameId);
    uplink.onWire(bytes, frameId, [L2(`from bridged VM ${src}: out on ${uplink.name}'s wire as it is, the VM's own MAC as source: on the LAN it is one more machine`)]);
    if (isGroupMac(dst)) super.receive(uplink, bytes, frameId);
  }

  /** What the host itself sends on its first interface: to a bridged VM it stays inside the host; a broadcast goes both ways. */
  private fromHostStack(bytes: Uint8Array, frameId: number, notes: LayerNote[]): void {
    const uplink = this.uplink;
    if (!this.trunk) return uplink.onWire(bytes, frameId, notes);
    const dst = bytes.length >= 14 ? macFromBytes(bytes, 0) : '';
    if (this.bridgedMacs.has(dst)) return this.trunk.transmit(bytes, frameId, [...notes, L2(`for ${dst}, a bridged VM on this host: handed to it inside the host, not put on the wire`)]);
    if (isGroupMac(dst)) this.trunk.transmit(bytes, frameId, [...notes, L2(`${dst === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : 'multicast'}: the bridged VMs get it too`)]);
    uplink.onWire(bytes, frameId, notes);
  }

  // ---- NAT and what it forwards (netfilter's PREROUTING and POSTROUTING)

  protected override prerouting(arrival: Transit): Transit | undefined {
    const { iface, ip: packetIp } = arrival;
    const ingress = iface.nic.name;
    const outside = iface.cidr?.address;
    if (this.nat && ingress !== NAT_NETWORK.interfaceName && outside !== undefined && packetIp.dst === outside) {
      const packet = arrival.packet.slice();
      const verdict = this.nat.inbound(packet, outside);
      const parsed = verdict.action === 'translated' ? parseIpv4(packet) : undefined;
      if (verdict.action === 'translated' && parsed?.ok) return { ...arrival, ip: parsed.value, packet, notes: [L3('NAT', verdict.note)] };
    }
    if (this.ip.isOwnAddress(packetIp.dst) || this.ip.isBroadcast(packetIp.dst)) return arrival;
    if (ingress === NAT_NETWORK.interfaceName) return arrival;
    this.refuseToForward(arrival);
    return undefined;
  }

  private refuseToForward(arrival: Transit): void {
    const { iface, ip: packetIp, frame, l2 } = arrival;
    const dst = formatIpv4(packetIp.dst);
    const drop = (reason: string) => this.ctx.trace.record({ device: this.id, interface: iface.nic.name, type: 'drop', frame, layers: [l2, L3('IPv4', reason)] });
    if (iface.nic.name === HOST_ONLY_NETWORK.interfaceName) {
      return drop(`for ${dst}, beyond the host-only network ${subnet(HOST_ONLY_NETWORK.cidr)}: ${this.name} forwards nothing from ${iface.nic.name}, because a host-only network joins its VMs to their host and to nothing else. Dropped`);
    }
    if (this.nat && inSubnet(packetIp.dst, NAT_NETWORK.cidr)) {
      const plan = this.ip.planIcmpError(arrival, { kind: 'destination-unreachable', code: ICMP_UNREACHABLE_PORT }, `${this.name}'s firewall lets nothing into its NAT network unasked`);
      return drop(`for ${dst}, a VM behind ${this.name}'s NAT: only replies to connections its VMs opened may go in (libvirt's firewall rejects the rest), so nothing on the LAN can reach a NAT VM. Rejected; ${plan.note}`), plan.send();
    }
    if (this.ip.interfaceNamed(HOST_ONLY_NETWORK.interfaceName) && inSubnet(packetIp.dst, HOST_ONLY_NETWORK.cidr)) {
      return drop(`for ${dst}, on ${this.name}'s host-only network: only ${this.name} itself can reach its host-only VMs, it forwards nothing into that network. Dropped`);
    }
    drop(`for ${dst}, not for me (${this.name}); ${this.name} forwards only its NAT VMs' packets`);
  }

  protected override postrouting(transit: Transit, exit: HostInterface, packet: Uint8Array): Result<LayerNote[]> {
    if (!this.nat || transit.iface.nic.name !== NAT_NETWORK.interfaceName || exit.nic.name === NAT_NETWORK.interfaceName || !exit.cidr) return { ok: true, value: [] };
    const verdict = this.nat.outbound(packet, exit.cidr.address);
    if (verdict.action === 'translated') return { ok: true, value: [L3('NAT', `masqueraded, as libvirt does for its NAT network: ${verdict.note}`)] };
    return { ok: false, error: verdict.reason };
  }
}

function subnet(cidr: Ipv4Cidr): string {
  return formatCidr({ address: networkOf(cidr), prefix: cidr.prefix });
}
