/**
 * The IPv4 side of a host (a computer; later VMs and servers): choosing the
 * interface and next hop, ARP resolution, and what arrives for it. Hosts do
 * not forward: a packet for someone else is dropped, as on Linux with
 * ip_forward off.
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import type { Nic } from '../engine/nic';
import { BROADCAST_MAC, broadcastOf, formatCidr, formatIpv4, inSubnet, type Ipv4Cidr, networkOf } from '../wire/address';
import { ARP_REPLY, ARP_REQUEST, encodeArp, parseArp } from '../wire/arp';
import { encodeEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from '../wire/ethernet';
import { encodeIcmp, type IcmpMessage, isIcmpEcho, parseIcmp, quotedEcho, quoteForIcmpError } from '../wire/icmp';
import { encodeIpv4, IP_PROTO_ICMP, IPV4_DEFAULT_TTL, type Ipv4Packet, parseIpv4 } from '../wire/ipv4';
import { ARP_REQUESTS, ARP_RETRY_NS, ArpCache } from './arp-cache';

export interface HostInterface {
  nic: Nic;
  cidr?: Ipv4Cidr;
  gateway?: number;
}

/** An ICMP message that arrived for this host, with who sent it. */
export interface IcmpArrival {
  message: IcmpMessage;
  from: number;
  ttl: number;
  /** Bytes of the ICMP message (for echo, its size). */
  length: number;
}

/** Ping runs listen for echo replies and errors by echo identifier. */
export type IcmpListener = (arrival: IcmpArrival) => void;

interface Outgoing {
  iface: HostInterface;
  nextHop: number;
  packet: Uint8Array;
  notes: LayerNote[];
  frameId: number;
}

interface Route {
  iface: HostInterface;
  nextHop: number;
  reason: string;
}

const L2 = (reason: string): LayerNote => ({ layer: 2, protocol: 'Ethernet', reason });
const L3 = (protocol: string, reason: string): LayerNote => ({ layer: 3, protocol, reason });

export class Ipv4Host {
  readonly arp: ArpCache<Outgoing>;
  private identification: number;
  private listeners = new Map<number, IcmpListener>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    readonly interfaces: HostInterface[],
  ) {
    this.arp = new ArpCache(ctx, deviceId);
    this.identification = ctx.prng.int(0, 0xffff);
  }

  private get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  listen(identifier: number, listener: IcmpListener): void {
    this.listeners.set(identifier, listener);
  }

  unlisten(identifier: number): void {
    this.listeners.delete(identifier);
  }

  /** Where a packet to `dst` goes: on-link, via the gateway, or nowhere (with the reason, like Linux's "Network is unreachable"). */
  route(dst: number): Result<Route> {
    const configured = this.interfaces.filter((i) => i.cidr);
    if (configured.length === 0) return { ok: false, error: `${this.name} has no IPv4 address yet, so it cannot send to ${formatIpv4(dst)}` };
    for (const iface of configured) {
      if (inSubnet(dst, iface.cidr!)) {
        return { ok: true, value: { iface, nextHop: dst, reason: `${formatIpv4(dst)} is in ${subnet(iface.cidr!)}, on ${iface.nic.name}'s own network: send directly` } };
      }
    }
    const viaGateway = configured.find((i) => i.gateway !== undefined);
    if (viaGateway) {
      const gateway = formatIpv4(viaGateway.gateway!);
      return { ok: true, value: { iface: viaGateway, nextHop: viaGateway.gateway!, reason: `${formatIpv4(dst)} is not on ${subnet(viaGateway.cidr!)}: send to the default gateway ${gateway}` } };
    }
    const nets = configured.map((i) => subnet(i.cidr!)).join(' or ');
    return { ok: false, error: `Network is unreachable: ${formatIpv4(dst)} is not in ${nets} and ${this.name} has no default gateway` };
  }

  /** Sends an IPv4 packet; `notes` explain the layers above IP. */
  send(dst: number, protocol: number, payload: Uint8Array, notes: LayerNote[]): Result<void> {
    const route = this.route(dst);
    if (!route.ok) return route;
    const { iface, nextHop, reason } = route.value;
    this.identification = (this.identification + 1) & 0xffff;
    const packet = encodeIpv4({ src: iface.cidr!.address, dst, protocol, ttl: IPV4_DEFAULT_TTL, identification: this.identification, dontFragment: true, payload });
    const ipNote = L3('IPv4', `from ${formatIpv4(iface.cidr!.address)} to ${formatIpv4(dst)}, TTL ${IPV4_DEFAULT_TTL}: ${reason}`);
    this.toNextHop({ iface, nextHop, packet, notes: [...notes, ipNote], frameId: this.ctx.newFrameId() });
    return { ok: true, value: undefined };
  }

  sendIcmp(dst: number, message: IcmpMessage, reason: string): Result<void> {
    return this.send(dst, IP_PROTO_ICMP, encodeIcmp(message), [L3('ICMP', reason)]);
  }

  private toNextHop(out: Outgoing): void {
    const { iface, nextHop } = out;
    if (nextHop === broadcastOf(iface.cidr!)) {
      this.transmit(out, BROADCAST_MAC, `${formatIpv4(nextHop)} is the broadcast address of ${subnet(iface.cidr!)}: to everyone, ${BROADCAST_MAC}`);
      return;
    }
    const mac = this.arp.lookup(nextHop);
    if (mac) {
      this.transmit(out, mac, `${formatIpv4(nextHop)} is at ${mac} (from the ARP cache)`);
      return;
    }
    const { first, held } = this.arp.hold(nextHop, out);
    if (!held) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop',
        protocol: 'IPv4', summary: `Waiting queue for ${formatIpv4(nextHop)} is full`,
        layers: [...out.notes, L2(`too many packets are already waiting for ${formatIpv4(nextHop)}'s MAC address: this one is dropped`)],
      });
      return;
    }
    if (first) this.requestMac(iface, nextHop, 1);
  }

  private requestMac(iface: HostInterface, target: number, attempt: number): void {
    if (!this.arp.isResolving(target)) return;
    if (attempt > ARP_REQUESTS) {
      this.giveUp(iface, target);
      return;
    }
    const arp = encodeArp({ op: ARP_REQUEST, senderMac: iface.nic.mac, senderIp: iface.cidr!.address, targetMac: '00:00:00:00:00:00', targetIp: target });
    const frame = encodeEthernet({ dst: BROADCAST_MAC, src: iface.nic.mac, etherType: ETHERTYPE_ARP, payload: arp });
    iface.nic.transmit(frame, this.ctx.newFrameId(), [
      L3('ARP', `who has ${formatIpv4(target)}? ${this.name} needs its MAC address before it can send (request ${attempt} of ${ARP_REQUESTS})`),
      L2(`to ${BROADCAST_MAC}, the broadcast address: every device on the network gets it`),
    ]);
    this.ctx.scheduler.after(ARP_RETRY_NS, () => this.requestMac(iface, target, attempt + 1));
  }

  /** No reply to any request: the waiting packets are dropped and their senders told (RFC 1122 §2.3.2.2). */
  private giveUp(iface: HostInterface, target: number): void {
    for (const out of this.arp.release(target)) {
      this.ctx.trace.record({
        device: this.deviceId, interface: iface.nic.name, type: 'drop', protocol: 'ARP',
        summary: `No ARP reply from ${formatIpv4(target)}`,
        layers: [L3('ARP', `no reply to ${ARP_REQUESTS} ARP requests for ${formatIpv4(target)}: nobody on ${subnet(iface.cidr!)} has that address, so the packet is dropped (host unreachable)`)],
      });
      const parsed = parseIpv4(out.packet);
      if (parsed.ok && parsed.value.protocol === IP_PROTO_ICMP) {
        const original = quoteForIcmpError(out.packet);
        this.dispatchIcmp({ message: { kind: 'destination-unreachable', code: 1, original }, from: iface.cidr!.address, ttl: IPV4_DEFAULT_TTL, length: 8 + original.length });
      }
    }
  }

  private transmit(out: Outgoing, dstMac: string, reason: string): void {
    const frame = encodeEthernet({ dst: dstMac, src: out.iface.nic.mac, etherType: ETHERTYPE_IPV4, payload: out.packet });
    out.iface.nic.transmit(frame, out.frameId, [...out.notes, L2(reason)]);
  }

  receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    const iface = this.interfaces.find((i) => i.nic === nic)!;
    const ethernet = parseEthernet(bytes);
    const frame = { id: frameId, bytes };
    if (!ethernet.ok) {
      this.ctx.trace.record({ device: this.deviceId, interface: nic.name, type: 'drop', frame, layers: [L2(`not a valid Ethernet frame: ${ethernet.error}`)] });
      return;
    }
    const { dst, src, etherType, payload } = ethernet.value;
    if (dst !== nic.mac && dst !== BROADCAST_MAC) {
      this.ctx.trace.record({
        device: this.deviceId, interface: nic.name, type: 'drop', frame,
        layers: [L2(`addressed to ${dst}, not to ${nic.name} (${nic.mac}): not for me, ignored`)],
      });
      return;
    }
    const l2 = L2(dst === BROADCAST_MAC ? `broadcast from ${src}: everyone reads it` : `from ${src} to my MAC ${nic.mac}: for me`);
    if (etherType === ETHERTYPE_ARP) this.receiveArp(iface, payload, frame, l2);
    else if (etherType === ETHERTYPE_IPV4) this.receiveIpv4(iface, payload, frame, l2);
    else this.ctx.trace.record({ device: this.deviceId, interface: nic.name, type: 'drop', frame, layers: [l2, L2(`EtherType 0x${etherType.toString(16).padStart(4, '0')} is not a protocol ${this.name} speaks`)] });
  }

  private receiveArp(iface: HostInterface, payload: Uint8Array, frame: { id: number; bytes: Uint8Array }, l2: LayerNote): void {
    const record = (type: 'receive' | 'drop', reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, L3('ARP', reason)] });
    const parsed = parseArp(payload);
    if (!parsed.ok) return void record('drop', `malformed ARP: ${parsed.error}`);
    const arp = parsed.value;
    const mine = iface.cidr?.address;
    if (mine === undefined || arp.targetIp !== mine) {
      // RFC 826: a host not targeted only refreshes an entry it already has.
      const known = this.arp.has(arp.senderIp);
      if (known) this.arp.learn(arp.senderIp, arp.senderMac, iface.nic.name);
      const refresh = known ? `; refreshed ${formatIpv4(arp.senderIp)} in my ARP cache` : '';
      return void record('drop', `asks for ${formatIpv4(arp.targetIp)}, which is not my address${mine === undefined ? ' (I have none)' : ''}: ignored${refresh}`);
    }
    // RFC 826: the target learns the sender either way.
    this.arp.learn(arp.senderIp, arp.senderMac, iface.nic.name);
    if (arp.op === ARP_REQUEST) {
      record('receive', `${formatIpv4(arp.senderIp)} asks who has ${formatIpv4(mine)}, that's me: learned ${formatIpv4(arp.senderIp)} is at ${arp.senderMac}, replying`);
      const reply = encodeArp({ op: ARP_REPLY, senderMac: iface.nic.mac, senderIp: mine, targetMac: arp.senderMac, targetIp: arp.senderIp });
      iface.nic.transmit(encodeEthernet({ dst: arp.senderMac, src: iface.nic.mac, etherType: ETHERTYPE_ARP, payload: reply }), this.ctx.newFrameId(), [
        L3('ARP', `${formatIpv4(mine)} is at ${iface.nic.mac}: the answer goes straight back to the asker`),
        L2(`to ${arp.senderMac}, learned from the request`),
      ]);
    } else {
      const waiting = this.arp.release(arp.senderIp);
      record('receive', `${formatIpv4(arp.senderIp)} is at ${arp.senderMac}: learned; ${waiting.length === 0 ? 'nothing was waiting' : `sending the ${waiting.length} packet${waiting.length === 1 ? '' : 's'} that waited for it`}`);
      for (const out of waiting) this.transmit(out, arp.senderMac, `${formatIpv4(out.nextHop)} is at ${arp.senderMac} (just learned by ARP)`);
    }
  }

  private receiveIpv4(iface: HostInterface, payload: Uint8Array, frame: { id: number; bytes: Uint8Array }, l2: LayerNote): void {
    const drop = (protocol: string, reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type: 'drop', frame, layers: [l2, L3(protocol, reason)] });
    const parsed = parseIpv4(payload);
    if (!parsed.ok) return void drop('IPv4', `malformed IPv4 packet: ${parsed.error}`);
    const ip = parsed.value;
    if (!ip.checksumOk) return void drop('IPv4', `header checksum 0x${hex4(ip.checksum)} is wrong, so the header was damaged on the way: dropped`);
    const mine = iface.cidr?.address;
    const forMe = mine !== undefined && (ip.dst === mine || ip.dst === broadcastOf(iface.cidr!) || ip.dst === 0xffffffff);
    if (!forMe) return void drop('IPv4', `for ${formatIpv4(ip.dst)}, not for me${mine === undefined ? '' : ` (${formatIpv4(mine)})`}; computers do not forward packets`);
    if (ip.protocol !== IP_PROTO_ICMP) return void drop('IPv4', `protocol ${ip.protocol} has nobody listening on ${this.name}`);
    this.receiveIcmp(iface, ip, frame, l2);
  }

  private receiveIcmp(iface: HostInterface, ip: Ipv4Packet, frame: { id: number; bytes: Uint8Array }, l2: LayerNote): void {
    const l3 = L3('IPv4', `from ${formatIpv4(ip.src)} to me, TTL ${ip.ttl}, carrying ICMP`);
    const record = (type: 'receive' | 'deliver' | 'drop', reason: string) =>
      this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, l3, L3('ICMP', reason)] });
    const parsed = parseIcmp(ip.payload);
    if (!parsed.ok) return void record('drop', `malformed ICMP: ${parsed.error}`);
    if (!parsed.value.checksumOk) return void record('drop', 'ICMP checksum is wrong: the message was damaged, dropped');
    const message = parsed.value;
    if (message.kind === 'echo-request') {
      const reply = { kind: 'echo-reply', identifier: message.identifier, sequence: message.sequence, data: message.data } as const;
      const route = this.route(ip.src);
      if (!route.ok) return void record('drop', `echo request id=${message.identifier} seq=${message.sequence}, but no reply can go back: ${route.error}`);
      record('receive', `echo request id=${message.identifier} seq=${message.sequence}: answering with an echo reply`);
      this.sendIcmp(ip.src, reply, `echo reply id=${message.identifier} seq=${message.sequence}, the same data sent back`);
      return;
    }
    const listener = this.listenerFor(message);
    if (!listener) return void record('drop', `${message.kind.replace('-', ' ')} that no running ping is waiting for`);
    record('deliver', isIcmpEcho(message) ? `echo reply id=${message.identifier} seq=${message.sequence}: handed to ping` : `${message.kind.replace('-', ' ')} about an earlier ping: handed to ping`);
    listener({ message, from: ip.src, ttl: ip.ttl, length: ip.payload.length });
  }

  private dispatchIcmp(arrival: IcmpArrival): void {
    this.listenerFor(arrival.message)?.(arrival);
  }

  /** Echo replies are matched to their ping by identifier; errors by the identifier of the request they quote. */
  private listenerFor(message: IcmpMessage): IcmpListener | undefined {
    const identifier = isIcmpEcho(message) ? message.identifier : quotedEcho(message.original)?.identifier;
    return identifier === undefined ? undefined : this.listeners.get(identifier);
  }
}

function subnet(cidr: Ipv4Cidr): string {
  return formatCidr({ address: networkOf(cidr), prefix: cidr.prefix });
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
