/**
 * ARP at work (RFC 826), for hosts and routers alike: finding the MAC address
 * of the next hop before a packet can go out (holding packets while a request
 * is out, retrying, giving up), answering requests for our own addresses,
 * and gratuitous ARP (arp-announce.ts).
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import type { Nic } from '../engine/nic';
import { type NoteInput, type Reason, withNote } from '../engine/trace';
import { BROADCAST_MAC, broadcastOf, formatCidr, formatIpv4, type Ipv4Cidr, networkOf, ZERO_MAC } from '../wire/address';
import { ARP_REPLY, ARP_REQUEST, encodeArp, parseArp } from '../wire/arp';
import { encodeEthernet, ETHERNET_HEADER_LENGTH, ETHERTYPE_ARP, ETHERTYPE_IPV4, writeEthernetHeader } from '../wire/ethernet';
import { AddressDefence, isAnnouncement, sendAnnouncement } from './arp-announce';
import { ARP_REQUESTS, ARP_RETRY_NS, ArpCache } from './arp-cache';

/** An interface as ARP sees it: a network card and, maybe, its address. */
export interface ArpInterface {
  nic: Nic;
  cidr?: Ipv4Cidr;
}

/** An IPv4 packet on its way out of an interface, towards the next hop. */
export interface Outgoing {
  iface: ArpInterface;
  nextHop: number;
  /** The frame it goes in (see `newFrame`): the packet from byte 14 (see `packetOf`), the Ethernet header written once the next hop's MAC is known. */
  frame: Uint8Array;
  /** The reasons above layer 2, said when the frame is sent (a reason may be worded only when read): handed over, the resolver adds its own. */
  notes: NoteInput[];
  frameId: number;
  /** Called if the next hop never answers; otherwise the resolver's own handler is. */
  unreachable?: (out: Outgoing) => void;
}

export type FrameRef = { id: number; bytes: Uint8Array };

/** The packet in an outgoing frame, as a view: as long as its IPv4 header's total length says, without the padding. */
export function packetOf(out: Outgoing): Uint8Array {
  const at = ETHERNET_HEADER_LENGTH;
  return out.frame.subarray(at, at + ((out.frame[at + 2] << 8) | out.frame[at + 3]));
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });
const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });

export class ArpResolver {
  readonly cache: ArpCache<Outgoing>;
  private readonly defence: AddressDefence;
  /** Why a request for another address is ignored, by the address asked for. */
  private readonly ignoredReasons = new Map<number, string>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    /** What becomes of a packet whose next hop never answered (RFC 1122 §2.3.2.2: tell its sender). */
    private readonly onUnreachable: (out: Outgoing) => void,
  ) {
    this.cache = new ArpCache(ctx, deviceId);
    this.defence = new AddressDefence(ctx, deviceId);
  }

  /** Announces the interface's address to its network (RFC 5227 §2.3); `why` says what brought it up. */
  announce(iface: ArpInterface, why: string): void {
    sendAnnouncement(this.ctx, this.deviceId, iface, why);
  }

  /** Power off: every entry, waiting packet and past defence is forgotten. */
  forgetAll(): void {
    this.cache.forget();
    this.defence.forget();
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  /** Frames the packet to the next hop's MAC: from the cache, by broadcast, or after asking. */
  send(out: Outgoing): void {
    const { iface, nextHop } = out;
    if (nextHop === 0xffffffff || nextHop === broadcastOf(iface.cidr!)) {
      this.transmit(out, BROADCAST_MAC, `${formatIpv4(nextHop)} is a broadcast address${nextHop === 0xffffffff ? '' : ` of ${subnet(iface.cidr!)}`}: to everyone, ${BROADCAST_MAC}`);
      return;
    }
    const known = this.cache.entry(nextHop);
    if (known) {
      this.transmitWith(out, known.mac, (known.sentNote ??= L2(`${formatIpv4(nextHop)} is at ${known.mac} (from the ARP cache)`)));
      return;
    }
    const { first, held } = this.cache.hold(nextHop, out);
    if (!held) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop',
        protocol: 'IPv4', summary: `Waiting queue for ${formatIpv4(nextHop)} is full`,
        layers: [...out.notes, L2(`too many packets are already waiting for ${formatIpv4(nextHop)}'s MAC address: this one is dropped`)],
      });
      return;
    }
    if (first) this.request(iface, nextHop, 1);
  }

  private request(iface: ArpInterface, target: number, attempt: number): void {
    if (!this.cache.isResolving(target)) return;
    if (!iface.cidr) return this.addressGone(iface, target);
    if (attempt > ARP_REQUESTS) {
      this.giveUp(iface, target);
      return;
    }
    const arp = encodeArp({ op: ARP_REQUEST, senderMac: iface.nic.mac, senderIp: iface.cidr!.address, targetMac: ZERO_MAC, targetIp: target });
    const frame = encodeEthernet({ dst: BROADCAST_MAC, src: iface.nic.mac, etherType: ETHERTYPE_ARP, payload: arp });
    iface.nic.transmit(frame, this.ctx.newFrameId(), [
      L3('ARP', `who has ${formatIpv4(target)}? ${this.name} needs its MAC address before it can send (request ${attempt} of ${ARP_REQUESTS})`),
      L2(`to ${BROADCAST_MAC}, the broadcast address: every device on the network gets it`),
    ]);
    this.ctx.scheduler.after(ARP_RETRY_NS, () => this.request(iface, target, attempt + 1));
  }

  /** The interface lost its address (a DHCP lease released or run out) while packets waited: they can no longer go. */
  private addressGone(iface: ArpInterface, target: number): void {
    for (const out of this.cache.release(target)) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop', protocol: 'ARP', summary: `${iface.nic.name} lost its address`,
        layers: [...out.notes, L3('ARP', `${iface.nic.name} no longer has an IPv4 address, so ${this.name} cannot ask who has ${formatIpv4(target)}: the waiting packet is dropped`)],
      });
    }
  }

  /** No reply to any request: the waiting packets are dropped and their senders told (RFC 1122 §2.3.2.2). */
  private giveUp(iface: ArpInterface, target: number): void {
    for (const out of this.cache.release(target)) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop', protocol: 'ARP',
        summary: `No ARP reply from ${formatIpv4(target)}`,
        layers: [L3('ARP', `no reply to ${ARP_REQUESTS} ARP requests for ${formatIpv4(target)}: ${unheard(iface)}; the packet is dropped (host unreachable)`)],
      });
      (out.unreachable ?? this.onUnreachable)(out);
    }
  }

  private transmit(out: Outgoing, dstMac: string, reason: string): void {
    this.transmitWith(out, dstMac, L2(reason));
  }

  private transmitWith(out: Outgoing, dstMac: string, l2: LayerNote): void {
    writeEthernetHeader(out.frame, dstMac, out.iface.nic.mac, ETHERTYPE_IPV4);
    out.iface.nic.transmit(out.frame, out.frameId, withNote(out.notes, l2));
  }

  /** An ARP packet arrived on `iface`: learn, answer a request for our address, send what waited for a reply. */
  receive(iface: ArpInterface, frame: FrameRef, l2: LayerNote): void {
    const parsed = parseArp(frame.bytes, ETHERNET_HEADER_LENGTH);
    if (!parsed.ok) return void this.recordArp(iface, frame, l2, 'drop', `malformed ARP: ${parsed.error}`);
    const arp = parsed.value;
    const mine = iface.cidr?.address;
    // RFC 5227 §2.4: any ARP packet from another MAC with our address as its sender is a conflict.
    if (mine !== undefined && arp.senderIp === mine && arp.senderMac !== iface.nic.mac) return this.defence.conflict(iface, arp, frame, l2);
    if (isAnnouncement(arp)) return this.heardAnnouncement(iface, frame, l2, arp.senderIp, arp.senderMac);
    if (mine === undefined || arp.targetIp !== mine) {
      // RFC 826: a host not targeted only refreshes an entry it already has.
      const known = this.cache.has(arp.senderIp);
      if (known) this.cache.learn(arp.senderIp, arp.senderMac, iface.nic.name);
      if (known || mine === undefined) {
        // Worded only if read: every host on the LAN hears every request.
        const { senderIp, targetIp } = arp;
        return void this.recordArp(iface, frame, l2, 'drop', () =>
          `asks for ${formatIpv4(targetIp)}, which is not my address${mine === undefined ? ' (I have none)' : ''}: ignored${known ? `; refreshed ${formatIpv4(senderIp)} in my ARP cache` : ''}`);
      }
      let ignored = this.ignoredReasons.get(arp.targetIp);
      if (ignored === undefined) this.ignoredReasons.set(arp.targetIp, (ignored = `asks for ${formatIpv4(arp.targetIp)}, which is not my address: ignored`));
      return void this.recordArp(iface, frame, l2, 'drop', ignored);
    }
    // RFC 826: the target learns the sender either way.
    this.cache.learn(arp.senderIp, arp.senderMac, iface.nic.name);
    if (arp.op === ARP_REQUEST) {
      this.recordArp(iface, frame, l2, 'receive', `${formatIpv4(arp.senderIp)} asks who has ${formatIpv4(mine)}, that's me: learned ${formatIpv4(arp.senderIp)} is at ${arp.senderMac}, replying`);
      const reply = encodeArp({ op: ARP_REPLY, senderMac: iface.nic.mac, senderIp: mine, targetMac: arp.senderMac, targetIp: arp.senderIp });
      iface.nic.transmit(encodeEthernet({ dst: arp.senderMac, src: iface.nic.mac, etherType: ETHERTYPE_ARP, payload: reply }), this.ctx.newFrameId(), [
        L3('ARP', `${formatIpv4(mine)} is at ${iface.nic.mac}: the answer goes straight back to the asker`),
        L2(`to ${arp.senderMac}, learned from the request`),
      ]);
    } else {
      const waiting = this.cache.release(arp.senderIp);
      this.recordArp(iface, frame, l2, 'receive', `${formatIpv4(arp.senderIp)} is at ${arp.senderMac}: learned; ${waiting.length === 0 ? 'nothing was waiting' : `sending the ${waiting.length} packet${waiting.length === 1 ? '' : 's'} that waited for it`}`);
      for (const out of waiting) this.transmit(out, arp.senderMac, `${formatIpv4(out.nextHop)} is at ${arp.senderMac} (just learned by ARP)`);
    }
  }

  private recordArp(iface: ArpInterface, frame: FrameRef, l2: LayerNote, type: 'receive' | 'drop', reason: Reason): void {
    this.ctx.trace.recordFrame(this.deviceId, iface.nic.name, undefined, type, frame.id, frame.bytes, [l2, { layer: 3, protocol: 'ARP', reason }]);
  }

  /** A neighbour's announcement updates an entry we already have; Linux creates none from it (arp_accept=0). */
  private heardAnnouncement(iface: ArpInterface, frame: FrameRef, l2: LayerNote, ip: number, mac: string): void {
    const address = formatIpv4(ip);
    const before = this.cache.lookup(ip);
    if (before === undefined) {
      // Every device on the network hears every announcement: worded only if read.
      return void this.recordArp(iface, frame, l2, 'drop', () => `gratuitous ARP: ${address} announces it is at ${mac}. ${address} is not in my ARP cache, and Linux adds no entry from an announcement (arp_accept=0): nothing to update`);
    }
    this.cache.learn(ip, mac, iface.nic.name);
    const change = before === mac ? 'my ARP cache already said so: entry refreshed' : `my ARP cache said ${before}: entry updated, so from now on packets for ${address} go to ${mac}`;
    this.recordArp(iface, frame, l2, 'receive', `gratuitous ARP: ${address} announces it is at ${mac}; ${change}`);
  }
}

function subnet(cidr: Ipv4Cidr): string {
  return formatCidr({ address: networkOf(cidr), prefix: cidr.prefix });
}

/** Why nobody answered: no one has the address, or nobody could hear the question. */
function unheard(iface: ArpInterface): string {
  if (!iface.nic.linkUp) return `${iface.nic.name} has no link (nothing working is plugged into it), and no one heard them`;
  return `nobody on ${subnet(iface.cidr!)} has that address`;
}
