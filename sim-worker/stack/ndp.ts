/**
 * Neighbour discovery's address resolution (RFC 4861 §7), IPv6's ARP: a
 * neighbour solicitation to the target's solicited-node multicast group, a
 * neighbour advertisement back, packets held meanwhile, three tries a second
 * apart, then "address unreachable". Also answers solicitations for our own
 * addresses, and sends the NDP messages router discovery needs.
 */
import type { LayerNote } from '../api';
import type { NoteInput } from '../engine/trace';
import type { SimContext } from '../engine/context';
import type { Nic } from '../engine/nic';
import { ALL_NODES, formatIpv6, type Ipv6Cidr, ipv6FromBytes, isMulticast6, multicastMac, solicitedNodeAddress } from '../wire/address6';
import { encodeEthernet, ETHERTYPE_IPV6 } from '../wire/ethernet';
import { encodeIcmpv6, linkLayerOption, NDP_HOP_LIMIT, type NdpMessage, type NeighborAdvertisement, type NeighborSolicitation } from '../wire/icmpv6';
import { encodeIpv6, IP_PROTO_ICMPV6, type Ipv6Packet } from '../wire/ipv6';
import type { FrameRef } from './arp-resolver';
import { NEIGHBOUR_RETRY_NS, NEIGHBOUR_SOLICITS, NeighbourCache } from './neighbour-cache';

/** An interface as IPv6 sees it. */
export interface Ipv6Interface {
  nic: Nic;
  /** fe80:: + the modified EUI-64 of the MAC. */
  linkLocal: bigint;
  /** Global addresses: the document's static one first, then those SLAAC made. */
  addresses: Ipv6Cidr[];
  /** The multicast MACs it takes frames for (all-nodes, solicited-node groups, all-routers on a router). */
  groups: Set<string>;
}

export function ownsAddress(iface: Ipv6Interface, address: bigint): boolean {
  return iface.linkLocal === address || iface.addresses.some((a) => a.address === address);
}

/** An IPv6 packet on its way out of an interface, towards the next hop. */
export interface Outgoing6 {
  iface: Ipv6Interface;
  nextHop: bigint;
  packet: Uint8Array;
  notes: NoteInput[];
  frameId: number;
  /** Called if the next hop never answers; otherwise the resolver's own handler is. */
  unreachable?: (out: Outgoing6) => void;
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });
const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });

export class NeighbourDiscovery {
  readonly cache: NeighbourCache<Outgoing6>;

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly isRouter: boolean,
    /** What becomes of a packet whose next hop never answered (RFC 4861 §7.2.2: an ICMPv6 address unreachable to its sender). */
    private readonly onUnreachable: (out: Outgoing6) => void,
  ) {
    this.cache = new NeighbourCache(ctx, deviceId);
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  /** Frames the packet to the next hop: a multicast group's MAC, the cached MAC, or after asking. */
  send(out: Outgoing6): void {
    const { iface, nextHop } = out;
    if (isMulticast6(nextHop)) {
      const mac = multicastMac(nextHop);
      return this.transmit(out, mac, `${formatIpv6(nextHop)} is a multicast group: to its MAC ${mac} (33:33 and the group's last 32 bits)`);
    }
    const mac = this.cache.lookup(nextHop);
    if (mac) return this.transmit(out, mac, `${formatIpv6(nextHop)} is at ${mac} (from the neighbour cache)`);
    const { first, held } = this.cache.hold(nextHop, out);
    if (!held) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop', protocol: 'IPv6', summary: `Waiting queue for ${formatIpv6(nextHop)} is full`,
        layers: [...out.notes, L2(`too many packets are already waiting for ${formatIpv6(nextHop)}'s MAC address: this one is dropped`)],
      });
      return;
    }
    if (first) this.solicit(iface, nextHop, ipv6FromBytes(out.packet, 8), 1);
  }

  private solicit(iface: Ipv6Interface, target: bigint, prompt: bigint, attempt: number): void {
    if (!this.cache.isResolving(target)) return;
    if (attempt > NEIGHBOUR_SOLICITS) return this.giveUp(iface, target);
    // RFC 4861 §7.2.2: from the source of the packet that prompted it, if that is one of this interface's addresses.
    const src = prompt === iface.linkLocal || iface.addresses.some((a) => a.address === prompt) ? prompt : iface.linkLocal;
    const group = solicitedNodeAddress(target);
    this.sendNdp(iface, { kind: 'neighbor-solicitation', target, options: [{ kind: 'source-link-layer', mac: iface.nic.mac }] }, src, group, multicastMac(group),
      `who has ${formatIpv6(target)}? ${this.name} needs its MAC address before it can send (solicitation ${attempt} of ${NEIGHBOUR_SOLICITS}); it goes to ${formatIpv6(group)}, the solicited-node group only ${formatIpv6(target)} (and any address ending like it) has joined`,
      `to ${multicastMac(group)}, the solicited-node group's MAC: a switch floods it, but only a card that joined the group keeps it`);
    this.ctx.scheduler.after(NEIGHBOUR_RETRY_NS, () => this.solicit(iface, target, prompt, attempt + 1));
  }

  private giveUp(iface: Ipv6Interface, target: bigint): void {
    for (const out of this.cache.release(target)) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop', protocol: 'ICMPv6', summary: `No neighbour advertisement from ${formatIpv6(target)}`,
        layers: [L3('ICMPv6', `no answer to ${NEIGHBOUR_SOLICITS} neighbour solicitations for ${formatIpv6(target)}: nobody on ${iface.nic.name}'s link has that address, so the packet is dropped (address unreachable)`)],
      });
      (out.unreachable ?? this.onUnreachable)(out);
    }
  }

  private transmit(out: Outgoing6, mac: string, reason: string): void {
    const frame = encodeEthernet({ dst: mac, src: out.iface.nic.mac, etherType: ETHERTYPE_IPV6, payload: out.packet });
    out.iface.nic.transmit(frame, out.frameId, [...out.notes, L2(reason)]);
  }

  /** Sends a neighbour discovery message straight onto the link, with hop limit 255 (RFC 4861 §7.1). */
  sendNdp(iface: Ipv6Interface, message: NdpMessage, src: bigint, dst: bigint, dstMac: string, l3: string, l2: string): void {
    const packet = encodeIpv6({ src, dst, nextHeader: IP_PROTO_ICMPV6, hopLimit: NDP_HOP_LIMIT, payload: encodeIcmpv6(message, src, dst) });
    const frame = encodeEthernet({ dst: dstMac, src: iface.nic.mac, etherType: ETHERTYPE_IPV6, payload: packet });
    iface.nic.transmit(frame, this.ctx.newFrameId(), [
      L3('ICMPv6', l3),
      L3('IPv6', `from ${formatIpv6(src)} to ${formatIpv6(dst)}, hop limit ${NDP_HOP_LIMIT}: neighbour discovery never leaves the link, and 255 proves it was not forwarded`),
      L2(l2),
    ]);
  }

  /** A neighbour solicitation or advertisement arrived on `iface` (hop limit and checksum already checked). */
  receive(iface: Ipv6Interface, ip: Ipv6Packet, message: NeighborSolicitation | NeighborAdvertisement, srcMac: string, frame: FrameRef, l2: LayerNote): void {
    const record = (type: 'receive' | 'drop', reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, L3('ICMPv6', reason)] });
    const target = formatIpv6(message.target);
    if (message.kind === 'neighbor-advertisement') {
      const mac = linkLayerOption(message.options, 'target-link-layer') ?? srcMac;
      const waiting = this.cache.release(message.target);
      const known = waiting.length > 0 || this.cache.has(message.target);
      // RFC 4861 §7.2.5: an advertisement for an address not in the cache is silently discarded.
      if (!known && !this.cache.isResolving(message.target)) return void record('drop', `${target} is at ${mac}, but ${this.name} never asked about ${target}: ignored`);
      this.cache.learn(message.target, mac, iface.nic.name, message.router);
      record('receive', `${target} is at ${mac}${message.router ? ' (a router)' : ''}: learned; ${waiting.length === 0 ? 'nothing was waiting' : `sending the ${waiting.length} packet${waiting.length === 1 ? '' : 's'} that waited for it`}`);
      for (const out of waiting) this.transmit(out, mac, `${formatIpv6(out.nextHop)} is at ${mac} (just learned by neighbour discovery)`);
      return;
    }
    if (!ownsAddress(iface, message.target)) return void record('drop', `asks who has ${target}, which is not an address of ${iface.nic.name}: ignored`);
    const asker = formatIpv6(ip.src);
    const askerMac = linkLayerOption(message.options, 'source-link-layer');
    // A solicitation from :: is duplicate address detection (RFC 4862 §5.4.3): the answer goes to all nodes.
    const dad = ip.src === 0n;
    if (askerMac && !dad) this.cache.learn(ip.src, askerMac, iface.nic.name, false);
    record('receive', `${asker} asks who has ${target}, that's me${askerMac && !dad ? `: learned ${asker} is at ${askerMac}` : ''}; answering with a neighbour advertisement`);
    const dst = dad ? ALL_NODES : ip.src;
    this.sendNdp(iface, { kind: 'neighbor-advertisement', router: this.isRouter, solicited: !dad, override: true, target: message.target, options: [{ kind: 'target-link-layer', mac: iface.nic.mac }] },
      message.target, dst, dad ? multicastMac(ALL_NODES) : (askerMac ?? srcMac),
      `${target} is at ${iface.nic.mac}: solicited${this.isRouter ? ', from a router' : ''}, and it overrides whatever the asker had cached`,
      dad ? `to ${multicastMac(ALL_NODES)}, all nodes: the asker has no address yet` : `to ${askerMac ?? srcMac}, the asker's MAC from its solicitation`);
  }
}

