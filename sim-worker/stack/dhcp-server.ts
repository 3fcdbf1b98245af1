/**
 * A DHCP server (RFC 2131 §4.3): one scope per served interface, each with
 * a pool of addresses, a lease time, the gateway and DNS servers it hands
 * out, and fixed addresses for known MACs. It answers on the interface the
 * request came in on, as ISC dhcpd does with a socket per interface, and
 * words its decisions the way dhcpd logs them ("no free leases").
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { BROADCAST_MAC, formatCidr, formatIpv4, inSubnet, type Ipv4Cidr, networkOf, prefixMask } from '../wire/address';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, type DhcpMessage, type DhcpOptions, dhcpTypeName, encodeDhcp, parseDhcp } from '../wire/dhcp';
import type { HostInterface, Ipv4Host, UdpArrival } from './ipv4-host';

export interface DhcpScope {
  interfaceName: string;
  poolStart: number;
  poolEnd: number;
  leaseSeconds: number;
  /** Handed out as the router (option 3); left out, the interface's own address. */
  gateway?: number;
  dns: number[];
  reservations: { mac: string; address: number }[];
}

export const DHCP_LEASES_TABLE: TableSpec = {
  name: 'dhcp-leases',
  title: 'DHCP leases',
  columns: ['Address', 'MAC address', 'Hostname', 'State', 'Interface'],
  empty: 'No leases: no client has been given an address by this DHCP server yet.',
  expires: true,
};

/** An offered address is kept for the client's REQUEST this long; RFC 2131 §4.3.1 leaves how long to the server. */
export const OFFER_HOLD_NS = 60e9;

interface Lease {
  address: number;
  mac: string;
  hostname?: string;
  state: 'offered' | 'bound';
  expiresAt: number;
}

type Choice = { address: number; why: string } | { refused: string };

const L7 = (reason: string): LayerNote => ({ layer: 7, protocol: 'DHCP', reason });

export class DhcpServer {
  private readonly scopes: ScopeServer[];

  constructor(ctx: SimContext, deviceId: string, host: Ipv4Host, scopes: DhcpScope[]) {
    this.scopes = scopes.map((scope) => new ScopeServer(ctx, deviceId, host, scope));
  }

  /** The lease held by a MAC now, in any scope (for tests and the inspector). */
  leaseOf(mac: string): { address: number; state: 'offered' | 'bound' } | undefined {
    for (const scope of this.scopes) {
      const lease = scope.liveLeaseOf(mac);
      if (lease) return { address: lease.address, state: lease.state };
    }
    return undefined;
  }
}

class ScopeServer {
  private leases = new Map<number, Lease>();
  /** The last address each client had, offered again when it is free (as dhcpd remembers expired leases). */
  private lastAddress = new Map<string, number>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly host: Ipv4Host,
    private readonly scope: DhcpScope,
  ) {
    host.openLinkUdp(scope.interfaceName, DHCP_SERVER_PORT, { owner: 'dhcpd', onDatagram: (arrival) => this.receive(arrival) });
  }

  private get iface(): HostInterface {
    return this.host.interfaceNamed(this.scope.interfaceName)!;
  }

  private get pool(): string {
    return `${formatIpv4(this.scope.poolStart)}–${formatIpv4(this.scope.poolEnd)}`;
  }

  liveLeaseOf(mac: string): Lease | undefined {
    for (const lease of this.leases.values()) if (lease.mac === mac && this.live(lease)) return lease;
    return undefined;
  }

  private live(lease: Lease | undefined): lease is Lease {
    return lease !== undefined && lease.expiresAt > this.ctx.scheduler.now;
  }

  private receive(arrival: UdpArrival): void {
    const cidr = this.iface.cidr;
    if (!cidr) return this.ignore(`${this.scope.interfaceName} has no address, so dhcpd cannot serve its network`);
    const parsed = parseDhcp(arrival.payload);
    if (!parsed.ok) return this.ignore(`not a DHCP message dhcpd can read: ${parsed.error}`);
    const m = parsed.value;
    if (m.op !== 'request') return this.ignore(`a DHCP ${dhcpTypeName(m.options.messageType)} reply from another server: dhcpd answers only clients`);
    const type = m.options.messageType;
    if (type === 'discover') this.onDiscover(m, cidr);
    else if (type === 'request') this.onRequest(m, cidr);
    else if (type === 'release') this.onRelease(m);
    else this.ignore(`a DHCP ${dhcpTypeName(type)} from ${m.chaddr}: this server does not act on those`);
  }

  private onDiscover(m: DhcpMessage, cidr: Ipv4Cidr): void {
    const client = this.clientWords(m);
    const choice = this.choose(m.chaddr, m.options.requestedIp, cidr);
    if ('refused' in choice) {
      return this.ignore(`DHCPDISCOVER from ${client} via ${this.scope.interfaceName}: network ${formatCidr({ address: networkOf(cidr), prefix: cidr.prefix })}: no free leases. ${choice.refused}, so no offer goes back`, 'DHCP pool exhausted');
    }
    this.hold(choice.address, m, 'offered', OFFER_HOLD_NS);
    const address = formatIpv4(choice.address);
    this.reply(m, 'offer', choice.address, cidr, `DHCPOFFER of ${address} to ${client}: ${choice.why}; held for ${OFFER_HOLD_NS / 1e9} s until the client asks for it`);
  }

  /** RFC 2131 §4.3.2: which state the client is in shows in which fields it filled. */
  private onRequest(m: DhcpMessage, cidr: Ipv4Cidr): void {
    const client = this.clientWords(m);
    const { serverId, requestedIp } = m.options;
    const ciaddr = m.ciaddr ?? 0;
    if (serverId !== undefined) {
      if (serverId !== cidr.address) {
        const offer = this.liveLeaseOf(m.chaddr);
        if (offer?.state === 'offered') this.forget(offer);
        return this.ignore(`DHCPREQUEST from ${client} for the server ${formatIpv4(serverId)}: it chose another server${offer?.state === 'offered' ? `, so the offer of ${formatIpv4(offer.address)} is withdrawn` : ''}`);
      }
      const lease = requestedIp === undefined ? undefined : this.leases.get(requestedIp);
      if (requestedIp === undefined) return this.nak(m, `DHCPREQUEST from ${client} names this server but no address`, 'no requested address');
      if (!this.live(lease) || lease.mac !== m.chaddr) {
        return this.nak(m, `DHCPREQUEST for ${formatIpv4(requestedIp)} from ${client}: that address is not on offer to it (the offer ran out or went to someone else)`, 'requested address not available');
      }
      return this.ack(m, requestedIp, cidr, `the address offered to it`);
    }
    const address = ciaddr !== 0 ? ciaddr : requestedIp;
    if (address === undefined) return this.nak(m, `DHCPREQUEST from ${client} names no address`, 'no requested address');
    const what = ciaddr !== 0 ? 'renew' : 'keep';
    if (!inSubnet(address, cidr)) {
      return this.nak(m, `DHCPREQUEST from ${client} to ${what} ${formatIpv4(address)}, which is not on this network (${formatCidr({ address: networkOf(cidr), prefix: cidr.prefix })})`, 'wrong network');
    }
    const holder = this.leases.get(address);
    if (this.live(holder) && holder.mac !== m.chaddr) {
      return this.nak(m, `DHCPREQUEST from ${client} to ${what} ${formatIpv4(address)}, which is leased to ${holder.mac}`, 'address leased to another client');
    }
    if (!this.live(holder) && !this.available(address, m.chaddr, cidr)) {
      return this.nak(m, `DHCPREQUEST from ${client} to ${what} ${formatIpv4(address)}, which this server does not lease to it (outside the pool ${this.pool} and not reserved for it)`, 'address not available');
    }
    this.ack(m, address, cidr, ciaddr !== 0 ? 'renewing its lease' : 'the address it had before');
  }

  private onRelease(m: DhcpMessage): void {
    const lease = this.leases.get(m.ciaddr ?? 0);
    if (!this.live(lease) || lease.mac !== m.chaddr) return this.ignore(`DHCPRELEASE of ${formatIpv4(m.ciaddr ?? 0)} from ${m.chaddr}, which holds no lease on it: ignored`);
    this.forget(lease);
    this.ctx.trace.record({
      device: this.deviceId, interface: this.scope.interfaceName, type: 'receive', protocol: 'DHCP', summary: `DHCPRELEASE of ${formatIpv4(lease.address)}`,
      layers: [L7(`DHCPRELEASE of ${formatIpv4(lease.address)} from ${this.clientWords(m)}: the address is free again`)],
    });
  }

  /** The address to offer: a reservation, the client's current or last one, the one it asked for, or the lowest free one. */
  private choose(mac: string, requested: number | undefined, cidr: Ipv4Cidr): Choice {
    const reserved = this.scope.reservations.find((r) => r.mac === mac);
    if (reserved) return { address: reserved.address, why: `${formatIpv4(reserved.address)} is reserved for ${mac}` };
    const current = this.liveLeaseOf(mac);
    if (current) return { address: current.address, why: 'it already holds that address' };
    const last = this.lastAddress.get(mac);
    if (last !== undefined && this.available(last, mac, cidr)) return { address: last, why: 'it had that address before, and it is still free' };
    if (requested !== undefined && this.available(requested, mac, cidr)) return { address: requested, why: 'it asked for that address, and it is free' };
    for (let a = this.scope.poolStart; a <= this.scope.poolEnd; a++) {
      if (this.available(a, mac, cidr)) return { address: a, why: `the lowest free address in the pool ${this.pool}` };
    }
    const holders = [...this.leases.values()].filter((l) => this.live(l)).map((l) => l.hostname ?? l.mac);
    return { refused: `Every address in the pool ${this.pool} is taken${holders.length ? ` (leased to ${holders.join(', ')})` : ''}` };
  }

  /** Free for this client: in the pool (or reserved for it), not leased, not reserved for another, not a server address. */
  private available(address: number, mac: string, cidr: Ipv4Cidr): boolean {
    const reservation = this.scope.reservations.find((r) => r.address === address);
    if (reservation) return reservation.mac === mac;
    if (address < this.scope.poolStart || address > this.scope.poolEnd || !inSubnet(address, cidr)) return false;
    if (address === cidr.address || address === this.scope.gateway) return false;
    const lease = this.leases.get(address);
    return !this.live(lease) || lease.mac === mac;
  }

  private hold(address: number, m: DhcpMessage, state: Lease['state'], forNs: number): void {
    const current = this.liveLeaseOf(m.chaddr);
    if (current && current.address !== address) this.forget(current);
    const lease: Lease = { address, mac: m.chaddr, hostname: m.options.hostname, state, expiresAt: this.ctx.scheduler.now + forNs };
    this.leases.set(address, lease);
    this.lastAddress.set(m.chaddr, address);
    this.ctx.tables.set(this.deviceId, DHCP_LEASES_TABLE.name, formatIpv4(address), [formatIpv4(address), lease.mac, lease.hostname ?? '', state, this.scope.interfaceName], lease.expiresAt);
  }

  private forget(lease: Lease): void {
    this.leases.delete(lease.address);
    this.ctx.tables.delete(this.deviceId, DHCP_LEASES_TABLE.name, formatIpv4(lease.address));
  }

  private ack(m: DhcpMessage, address: number, cidr: Ipv4Cidr, why: string): void {
    this.hold(address, m, 'bound', this.scope.leaseSeconds * 1e9);
    this.reply(m, 'ack', address, cidr, `DHCPACK of ${formatIpv4(address)} to ${this.clientWords(m)} (${why}): leased for ${this.scope.leaseSeconds} s`);
  }

  private nak(m: DhcpMessage, reason: string, message: string): void {
    const options: DhcpOptions = { messageType: 'nak', serverId: this.iface.cidr!.address, message };
    const nak: DhcpMessage = { op: 'reply', xid: m.xid, broadcast: m.broadcast, giaddr: m.giaddr, chaddr: m.chaddr, options };
    // RFC 2131 §4.1: with no relay agent, a NAK is always broadcast: the client may be using an address it must give up.
    this.sendLink(nak, { mac: BROADCAST_MAC, ip: 0xffffffff }, `DHCPNAK: ${reason}. The client must stop using it and start over`, `to ${BROADCAST_MAC}: a NAK is always broadcast (RFC 2131 §4.1)`);
  }

  private reply(m: DhcpMessage, type: 'offer' | 'ack', address: number, cidr: Ipv4Cidr, reason: string): void {
    const seconds = this.scope.leaseSeconds;
    const gateway = this.scope.gateway ?? cidr.address;
    const options: DhcpOptions = {
      messageType: type, serverId: cidr.address, leaseSeconds: seconds,
      // RFC 2131 §4.4.5: T1 half the lease, T2 seven eighths.
      renewalSeconds: Math.floor(seconds / 2), rebindingSeconds: Math.floor((seconds * 7) / 8),
      subnetMask: prefixMask(cidr.prefix), routers: [gateway], dns: this.scope.dns.length ? this.scope.dns : undefined,
    };
    const ciaddr = m.ciaddr ?? 0;
    const message: DhcpMessage = { op: 'reply', xid: m.xid, broadcast: m.broadcast, ciaddr, yiaddr: address, giaddr: m.giaddr, chaddr: m.chaddr, options };
    const above = `${reason}; gateway ${formatIpv4(gateway)}, mask /${cidr.prefix}`;
    // RFC 2131 §4.1: to a client that has an address, unicast to it; else by broadcast if it asked, or to its MAC.
    if (ciaddr !== 0) {
      const sent = this.host.sendUdp(DHCP_SERVER_PORT, ciaddr, DHCP_CLIENT_PORT, encodeDhcp(message), 'from the DHCP server port to the client port', { above: [L7(`${above}; sent straight to ${formatIpv4(ciaddr)}, the address the client already uses`)] });
      if (!sent.ok) this.ignore(`could not answer ${formatIpv4(ciaddr)}: ${sent.error}`);
      return;
    }
    if (m.broadcast) this.sendLink(message, { mac: BROADCAST_MAC, ip: 0xffffffff }, above, `to ${BROADCAST_MAC}: the client set the broadcast flag, so it cannot take unicast before it has an address`);
    else this.sendLink(message, { mac: m.chaddr, ip: address }, above, `to ${m.chaddr}, the client's MAC from its request: it has no address yet, so there is nothing to ARP for (RFC 2131 §4.1)`);
  }

  private sendLink(message: DhcpMessage, to: { mac: string; ip: number }, reason: string, l2: string): void {
    this.host.sendUdpOnLink(this.scope.interfaceName, to, this.iface.cidr!.address, DHCP_SERVER_PORT, DHCP_CLIENT_PORT, encodeDhcp(message), {
      above: [L7(reason)],
      l4: 'from the DHCP server port to the client port',
      l2,
    });
  }

  private clientWords(m: DhcpMessage): string {
    return m.options.hostname === undefined ? m.chaddr : `${m.chaddr} (${m.options.hostname})`;
  }

  private ignore(reason: string, summary = 'dhcpd ignores a DHCP message'): void {
    this.ctx.trace.record({ device: this.deviceId, interface: this.scope.interfaceName, type: 'drop', protocol: 'DHCP', summary, layers: [L7(reason)] });
  }
}
