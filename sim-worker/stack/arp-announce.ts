/**
 * Gratuitous ARP, as RFC 5227 describes it. An interface that comes up with an
 * IPv4 address announces it (§2.3): an ARP request whose sender and target
 * address are both its own, to the broadcast MAC. Neighbours that already
 * know the address update their entry; a device that holds the same address
 * sees someone else claim it, reports the conflict and defends its address
 * with an announcement of its own, at most once per DEFEND_INTERVAL (§2.4
 * (b)). Linux's kernel announces only with arp_notify=1; NetworkManager and
 * ifupdown (arping -U) announce whenever they bring an address up, which is
 * what a learner's machine does.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { BROADCAST_MAC, formatIpv4, ZERO_MAC } from '../wire/address';
import { ARP_REQUEST, type ArpPacket, encodeArp } from '../wire/arp';
import { encodeEthernet, ETHERTYPE_ARP } from '../wire/ethernet';
import type { ArpInterface, FrameRef } from './arp-resolver';

/** RFC 5227 §1.1: DEFEND_INTERVAL, 10 seconds. */
export const DEFEND_INTERVAL_NS = 10_000_000_000;

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });
const L3 = (reason: string): LayerNote => ({ layer: 3, protocol: 'ARP', reason });

/** An announcement (or a gratuitous reply): the sender tells everyone its own address, asking nobody. */
export function isAnnouncement(arp: ArpPacket): boolean {
  return arp.senderIp === arp.targetIp && arp.senderIp !== 0;
}

/** Broadcasts "my address is at my MAC" on an interface that has an address and a link; `why` ends the reason. */
export function sendAnnouncement(ctx: SimContext, deviceId: string, iface: ArpInterface, why: string): void {
  const { nic, cidr } = iface;
  if (!cidr || !nic.linkUp) return;
  const address = formatIpv4(cidr.address);
  const arp = encodeArp({ op: ARP_REQUEST, senderMac: nic.mac, senderIp: cidr.address, targetMac: ZERO_MAC, targetIp: cidr.address });
  nic.transmit(encodeEthernet({ dst: BROADCAST_MAC, src: nic.mac, etherType: ETHERTYPE_ARP, payload: arp }), ctx.newFrameId(), [
    L3(`gratuitous ARP: ${ctx.nameOf(deviceId)} announces that ${address} is at ${nic.mac} (${why}); sender and target are both ${address}, so nobody is asked, and a device that also uses ${address} will object (RFC 5227 §2.3)`),
    L2(`to ${BROADCAST_MAC}, the broadcast address: every device on the network gets it`),
  ]);
}

/** Notices another device claiming one of our addresses, reports it, and defends the address (RFC 5227 §2.4). */
export class AddressDefence {
  /** When each interface last defended its address. */
  private lastDefended = new Map<string, number>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
  ) {}

  /** Another MAC sent an ARP packet with our address as its sender address. */
  conflict(iface: ArpInterface, arp: ArpPacket, frame: FrameRef, l2: LayerNote): void {
    const { ctx, deviceId } = this;
    const name = ctx.nameOf(deviceId);
    const address = formatIpv4(arp.senderIp);
    const now = ctx.scheduler.now;
    const last = this.lastDefended.get(iface.nic.name);
    const defend = last === undefined || now - last >= DEFEND_INTERVAL_NS;
    const action = defend
      ? `${name} defends its address with one announcement of its own, so the other device learns of the conflict too`
      : `${name} already defended it less than ${DEFEND_INTERVAL_NS / 1e9} s ago, so it does not again; both keep the address until someone changes one`;
    ctx.trace.record({
      device: deviceId, interface: iface.nic.name, type: 'receive', frame,
      layers: [l2, L3(`duplicate address: ${arp.senderMac} says it has ${address}, but ${address} is ${name}'s own address on ${iface.nic.name} (${iface.nic.mac}). Two devices use the same IPv4 address, so packets for it reach one or the other at random; ${action} (RFC 5227 §2.4)`)],
    });
    ctx.notify({
      kind: 'duplicate-address',
      message: `Duplicate address: ${name} ${iface.nic.name} (${iface.nic.mac}) and another device (${arp.senderMac}) both use ${address}. Give one of them another address.`,
      devices: [deviceId],
    });
    if (!defend) return;
    this.lastDefended.set(iface.nic.name, now);
    sendAnnouncement(ctx, deviceId, iface, `defending ${address} against ${arp.senderMac}`);
  }

  /** Power off: the memory of past defences goes with everything else. */
  forget(): void {
    this.lastDefended.clear();
  }
}
