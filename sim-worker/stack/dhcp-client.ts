/**
 * A DHCP client on one interface (RFC 2131 §4.4), worded as ISC dhclient
 * prints it: DISCOVER, OFFER, REQUEST, ACK, then bound; renew at T1 by
 * unicast to the server, rebind at T2 by broadcast, lose the address when
 * the lease runs out; a NAK starts over. Computers use it, and anything
 * else that takes its address by DHCP (a VM, a home router's WAN).
 */
import type { LayerNote, Result } from '../api';
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { BROADCAST_MAC, formatCidr, formatIpv4, inSubnet, type Ipv4Cidr, prefixOfMask } from '../wire/address';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, type DhcpMessage, type DhcpOptions, dhcpTypeName, encodeDhcp, parseDhcp } from '../wire/dhcp';
import type { Ipv4Host, UdpArrival } from './ipv4-host';

export const DHCP_LEASE_TABLE: TableSpec = {
  name: 'dhcp-lease',
  title: 'DHCP lease',
  columns: ['Interface', 'Address', 'Server', 'Gateway', 'Lease', 'Renews at', 'Expires at'],
  empty: 'No lease: this device has not been given an address by DHCP (yet).',
};

/** Debian's dhclient.conf asks for these options (option 55), in this order. */
const REQUEST_LIST = [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42];
/** RFC 2131 §4.1: retransmit after 4 s, then 8, 16…, up to 64 s, each ±1 s. */
const FIRST_RETRY_S = 4;
const LAST_RETRY_S = 64;
/** Four DISCOVERs cover 4 + 8 + 16 + 32 = 60 s, dhclient's default `timeout`. */
const DISCOVERS = 4;
const REQUESTS = 4;
/** dhclient's default `retry`: after giving up it tries again in five minutes. */
const RETRY_AFTER_NS = 300e9;
/** RFC 2131 §4.4.1 asks for a random wait before the first DISCOVER so clients do not all start at once; dhclient's is short. */
const START_JITTER_NS = 10e6;
/** RFC 2131 §4.4.5: in RENEWING and REBINDING, retry after half the time left, but not sooner than 60 s. */
const MIN_RENEW_RETRY_NS = 60e9;

type State = 'init' | 'selecting' | 'requesting' | 'bound' | 'renewing' | 'rebinding' | 'stopped';

interface Lease {
  cidr: Ipv4Cidr;
  server: number;
  /** The MAC the server's ACK came from: a RELEASE goes straight there, as the address goes right after it. */
  serverMac: string;
  gateway?: number;
  dns: number[];
  seconds: number;
  renewAt: number;
  rebindAt: number;
  expiresAt: number;
}

const L7 = (reason: string): LayerNote => ({ layer: 7, protocol: 'DHCP', reason });

export class DhcpClient {
  private state: State = 'init';
  /** Calls off the timers of the state being left (a retransmission no longer needed). */
  private cancelTimers: (() => void)[] = [];
  private xid = 0;
  private startedAt = 0;
  private offered?: { address: number; server: number };
  private lease?: Lease;
  /** The address of the last lease, asked for again in the next DISCOVER (option 50), as dhclient does. */
  private previous?: number;

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
    private readonly host: Ipv4Host,
    readonly interfaceName: string,
    /** Which run of dhclient its output lines belong to. */
    private readonly run: number,
  ) {
    host.openLinkUdp(interfaceName, DHCP_CLIENT_PORT, { owner: 'dhclient', onDatagram: (arrival) => this.receive(arrival) });
    this.start();
  }

  /** The lease held now, for the action's messages and tests. */
  get address(): Ipv4Cidr | undefined {
    return this.lease?.cidr;
  }

  /** The DNS servers the lease gave (option 6), which the stub resolver asks after resolv.conf's. */
  get dnsServers(): number[] {
    return this.lease?.dns ?? [];
  }

  private get mac(): string {
    return this.host.interfaceNamed(this.interfaceName)!.nic.mac;
  }

  /** Looks for a server from scratch after a short random wait: at boot, after a NAK, a lost lease, or giving up. */
  start(): void {
    this.enter('init');
    this.timer(this.ctx.scheduler.now + this.ctx.prng.int(0, START_JITTER_NS), () => this.discover(1), false);
  }

  /** The device is switched off: timers stop, and the address goes with the power. */
  stop(): void {
    this.enter('stopped');
    this.dropLease();
  }

  /** `dhclient` asked to renew: from a lease, a REQUEST to its server now; without one, a fresh search. */
  renew(): Result<void> {
    if (this.lease) this.renewNow();
    else this.start();
    return { ok: true, value: undefined };
  }

  /** `dhclient -r`: hands the address back to the server (RFC 2131 §4.4.6) and stops using it. */
  release(): Result<void> {
    const lease = this.lease;
    if (!lease) return { ok: false, error: `${this.ctx.nameOf(this.deviceId)} ${this.interfaceName} has no DHCP lease to release` };
    const address = formatIpv4(lease.cidr.address);
    const server = formatIpv4(lease.server);
    this.enter('stopped');
    this.print(`DHCPRELEASE of ${address} on ${this.interfaceName} to ${server} port ${DHCP_SERVER_PORT}`, `giving ${address} back to ${server}`);
    const message = this.message('release', { serverId: lease.server }, lease.cidr.address);
    this.host.sendUdpOnLink(this.interfaceName, { mac: lease.serverMac, ip: lease.server }, lease.cidr.address, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, encodeDhcp(message), {
      above: [L7(`DHCPRELEASE: ${address} is handed back to ${server}, so it can lease it to someone else; ${this.interfaceName} stops using it`)],
      l4: 'from the DHCP client port to the server port',
      l2: `to ${lease.serverMac}, the MAC the server's ACK came from`,
    });
    this.previous = lease.cidr.address;
    this.dropLease();
    return { ok: true, value: undefined };
  }

  private enter(state: State): void {
    this.state = state;
    for (const cancel of this.cancelTimers) cancel();
    this.cancelTimers = [];
  }

  /** Runs `task` at `time` unless the state changes first. */
  private timer(time: number, task: () => void, background: boolean): void {
    this.cancelTimers.push(this.ctx.scheduler.cancellableAt(Math.max(time, this.ctx.scheduler.now), task, background));
  }

  /** T1, T2 and expiry: background timers that hold while this lease does, through RENEWING and REBINDING. */
  private leaseTimer(lease: Lease, time: number, task: () => void): void {
    this.ctx.scheduler.at(time, () => this.lease === lease && task(), true);
  }

  private retryDelay(attempt: number): number {
    const seconds = Math.min(FIRST_RETRY_S * 2 ** (attempt - 1), LAST_RETRY_S);
    return seconds * 1e9 + this.ctx.prng.int(-1000, 1000) * 1e6;
  }

  private discover(attempt: number): void {
    if (attempt === 1) {
      this.enter('selecting');
      this.xid = this.ctx.prng.int(0, 0xffffffff);
      this.startedAt = this.ctx.scheduler.now;
    }
    if (attempt > DISCOVERS) return this.giveUp();
    const delay = this.retryDelay(attempt);
    const interval = Math.round(delay / 1e9);
    this.print(`DHCPDISCOVER on ${this.interfaceName} to 255.255.255.255 port ${DHCP_SERVER_PORT} interval ${interval}`,
      attempt === 1 ? `looking for a DHCP server on ${this.interfaceName}` : `no offer yet: asking again (try ${attempt} of ${DISCOVERS})`);
    const options: DhcpOptions = { messageType: 'discover', requestedIp: this.previous };
    const why = attempt === 1 ? '' : `, try ${attempt} of ${DISCOVERS}`;
    const previous = this.previous === undefined ? '' : `; it asks for ${formatIpv4(this.previous)} again, its last address`;
    this.broadcast(this.message('discover', options), `DHCPDISCOVER: ${this.interfaceName} has no address, so it asks every DHCP server on the network for one${previous}${why}`);
    this.timer(this.ctx.scheduler.now + delay, () => this.discover(attempt + 1), false);
  }

  private giveUp(): void {
    this.enter('init');
    this.print('No DHCPOFFERS received.', `no DHCP server answered on ${this.interfaceName}`);
    this.print('No working leases in persistent database - sleeping.', `no DHCP server answered on ${this.interfaceName}, so it has no address; dhclient tries again in ${RETRY_AFTER_NS / 1e9} s`);
    this.timer(this.ctx.scheduler.now + RETRY_AFTER_NS, () => this.discover(1), true);
  }

  private request(attempt: number): void {
    const offered = this.offered!;
    if (attempt > REQUESTS) {
      this.print(`No DHCPACK received from ${formatIpv4(offered.server)}.`, `${formatIpv4(offered.server)} did not confirm ${formatIpv4(offered.address)}: starting over`);
      return this.start();
    }
    if (attempt === 1) this.enter('requesting');
    const address = formatIpv4(offered.address);
    this.print(`DHCPREQUEST for ${address} on ${this.interfaceName} to 255.255.255.255 port ${DHCP_SERVER_PORT}`, `asking ${formatIpv4(offered.server)} for ${address}`);
    const options: DhcpOptions = { messageType: 'request', requestedIp: offered.address, serverId: offered.server };
    // Broadcast, so that any other server that made an offer learns it was not chosen (RFC 2131 §3.1, step 3).
    this.broadcast(this.message('request', options), `DHCPREQUEST: ${this.interfaceName} takes ${address} from ${formatIpv4(offered.server)}; broadcast, so every other server that offered knows it was not chosen`);
    this.timer(this.ctx.scheduler.now + this.retryDelay(attempt), () => this.request(attempt + 1), false);
  }

  /** T1, or the renew action: a REQUEST unicast to the server that gave the lease (RFC 2131 §4.4.5). */
  private renewNow(): void {
    this.enter('renewing');
    this.xid = this.ctx.prng.int(0, 0xffffffff);
    this.startedAt = this.ctx.scheduler.now;
    this.sendRenewal();
  }

  private sendRenewal(): void {
    const lease = this.lease!;
    const address = formatIpv4(lease.cidr.address);
    const server = formatIpv4(lease.server);
    this.print(`DHCPREQUEST for ${address} on ${this.interfaceName} to ${server} port ${DHCP_SERVER_PORT}`, `renewing the lease on ${address} with ${server}`);
    this.host.sendUdp(DHCP_CLIENT_PORT, lease.server, DHCP_SERVER_PORT, encodeDhcp(this.message('request', {}, lease.cidr.address)), 'from the DHCP client port to the server port',
      { above: [L7(`DHCPREQUEST to renew: half the lease has passed (T1), so ${this.interfaceName} asks ${server}, which gave it ${address}, to extend it`)] });
    this.retryUntil(lease.rebindAt, () => this.sendRenewal());
  }

  /** T2: the server never answered, so ask any server, by broadcast. */
  private rebind(): void {
    const lease = this.lease!;
    if (this.state !== 'rebinding') {
      this.enter('rebinding');
      this.xid = this.ctx.prng.int(0, 0xffffffff);
    }
    const address = formatIpv4(lease.cidr.address);
    this.print(`DHCPREQUEST for ${address} on ${this.interfaceName} to 255.255.255.255 port ${DHCP_SERVER_PORT}`, `rebinding: ${formatIpv4(lease.server)} did not renew the lease, so any server may`);
    this.broadcast(this.message('request', {}, lease.cidr.address), `DHCPREQUEST to rebind: 7/8 of the lease has passed (T2) and ${formatIpv4(lease.server)} never answered, so ${this.interfaceName} asks any DHCP server to extend ${address}`, lease.cidr.address);
    this.retryUntil(lease.expiresAt, () => this.rebind());
  }

  private retryUntil(deadline: number, again: () => void): void {
    const now = this.ctx.scheduler.now;
    const wait = Math.max(Math.floor((deadline - now) / 2), MIN_RENEW_RETRY_NS);
    if (now + wait < deadline) this.timer(now + wait, again, true);
  }

  private expire(): void {
    const lease = this.lease!;
    this.print(`DHCP lease of ${formatIpv4(lease.cidr.address)} on ${this.interfaceName} expired: address removed`, `the lease ran out and no server renewed it, so ${this.interfaceName} must stop using ${formatIpv4(lease.cidr.address)}`);
    this.previous = lease.cidr.address;
    this.dropLease();
    this.start();
  }

  private message(type: 'discover' | 'request' | 'release', options: DhcpOptions, ciaddr = 0): DhcpMessage {
    const secs = Math.min(0xffff, Math.floor((this.ctx.scheduler.now - this.startedAt) / 1e9));
    const common: DhcpOptions = type === 'release' ? {} : { hostname: this.ctx.nameOf(this.deviceId), parameterRequestList: REQUEST_LIST };
    return { op: 'request', xid: this.xid, secs: type === 'release' ? 0 : secs, ciaddr, chaddr: this.mac, options: { messageType: type, ...options, ...common } };
  }

  /** From 0.0.0.0 (or its address while rebinding) to 255.255.255.255, at the broadcast MAC. */
  private broadcast(message: DhcpMessage, reason: string, src = 0): void {
    this.host.sendUdpOnLink(this.interfaceName, { mac: BROADCAST_MAC, ip: 0xffffffff }, src, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, encodeDhcp(message), {
      above: [L7(reason)],
      l4: 'from the DHCP client port to the server port',
      l2: `to ${BROADCAST_MAC}: no server is known yet, so every device on the network gets it`,
    });
  }

  private receive(arrival: UdpArrival): void {
    const parsed = parseDhcp(arrival.payload);
    if (!parsed.ok) return this.ignore(`not a DHCP message dhclient can read: ${parsed.error}`);
    const m = parsed.value;
    const type = m.options.messageType;
    if (m.op !== 'reply') return this.ignore('a request from another client, not a reply: ignored');
    if (m.chaddr !== this.mac || m.xid !== this.xid) return this.ignore(`DHCP ${dhcpTypeName(type)} for ${m.chaddr}, transaction 0x${m.xid.toString(16)}: not an answer to this client's request, ignored`);
    const server = m.options.serverId ?? arrival.from;
    if (type === 'offer' && this.state === 'selecting') return this.onOffer(m, server);
    if (type === 'ack' && (this.state === 'requesting' || this.state === 'renewing' || this.state === 'rebinding')) return this.onAck(m, server, arrival.fromMac);
    if (type === 'nak' && (this.state === 'requesting' || this.state === 'renewing' || this.state === 'rebinding')) return this.onNak(m, server);
    this.ignore(`a DHCP ${dhcpTypeName(type)} from ${formatIpv4(server)}, but dhclient is not waiting for one now (${this.state}): ignored`);
  }

  private onOffer(m: DhcpMessage, server: number): void {
    const address = m.yiaddr ?? 0;
    if (address === 0) return this.ignore(`an offer from ${formatIpv4(server)} with no address in it: ignored`);
    this.print(`DHCPOFFER of ${formatIpv4(address)} from ${formatIpv4(server)}`, `${formatIpv4(server)} offers ${formatIpv4(address)}`);
    this.offered = { address, server };
    this.request(1);
  }

  private onAck(m: DhcpMessage, server: number, serverMac: string): void {
    const address = m.yiaddr ?? 0;
    const o = m.options;
    if (address === 0 || o.leaseSeconds === undefined) return this.ignore(`an ACK from ${formatIpv4(server)} without ${address === 0 ? 'an address' : 'a lease time'}: ignored`);
    this.print(`DHCPACK of ${formatIpv4(address)} from ${formatIpv4(server)}`, `${formatIpv4(server)} confirms ${formatIpv4(address)}`);
    const prefix = (o.subnetMask === undefined ? undefined : prefixOfMask(o.subnetMask)) ?? classfulPrefix(address);
    const cidr = { address, prefix };
    const gateway = o.routers?.find((r) => inSubnet(r, cidr) && r !== address);
    const now = this.ctx.scheduler.now;
    const seconds = o.leaseSeconds;
    // RFC 2131 §4.4.5: T1 defaults to half the lease, T2 to 7/8 of it.
    const t1 = Math.min(o.renewalSeconds ?? seconds / 2, seconds);
    const t2 = Math.min(Math.max(o.rebindingSeconds ?? seconds * 0.875, t1), seconds);
    const lease: Lease = { cidr, server, serverMac, gateway, dns: o.dns ?? [], seconds, renewAt: now + Math.round(t1 * 1e9), rebindAt: now + Math.round(t2 * 1e9), expiresAt: now + seconds * 1e9 };
    const changed = !this.lease || this.lease.cidr.address !== address || this.lease.cidr.prefix !== prefix || this.lease.gateway !== gateway;
    this.lease = lease;
    this.previous = address;
    this.enter('bound');
    if (changed) this.host.configure(this.interfaceName, cidr, gateway);
    this.ctx.tables.set(this.deviceId, DHCP_LEASE_TABLE.name, this.interfaceName, [
      this.interfaceName, formatCidr(cidr), formatIpv4(server), gateway === undefined ? 'none' : formatIpv4(gateway), `${seconds} s`, at(lease.renewAt), at(lease.expiresAt),
    ], lease.expiresAt);
    const via = gateway === undefined ? 'no default gateway' : `default gateway ${formatIpv4(gateway)}`;
    const dns = lease.dns.length === 0 ? '' : `, DNS ${lease.dns.map(formatIpv4).join(', ')}`;
    this.print(`bound to ${formatIpv4(address)} -- renewal in ${Math.round(t1)} seconds.`,
      `${this.interfaceName} now has ${formatCidr(cidr)}, ${via}${dns}, for ${seconds} s; it renews at T1 (${Math.round(t1)} s) and rebinds at T2 (${Math.round(t2)} s)`);
    this.leaseTimer(lease, lease.renewAt, () => this.renewNow());
    this.leaseTimer(lease, lease.rebindAt, () => this.rebind());
    this.leaseTimer(lease, lease.expiresAt, () => this.expire());
  }

  private onNak(m: DhcpMessage, server: number): void {
    const why = m.options.message === undefined ? '' : ` (${m.options.message})`;
    this.print(`DHCPNAK from ${formatIpv4(server)}`, `${formatIpv4(server)} refuses${why}: dhclient drops any address it had and starts over`);
    this.dropLease();
    this.previous = undefined;
    this.start();
  }

  private dropLease(): void {
    if (!this.lease) return;
    this.lease = undefined;
    this.host.configure(this.interfaceName, undefined, undefined);
    this.ctx.tables.delete(this.deviceId, DHCP_LEASE_TABLE.name, this.interfaceName);
  }

  private ignore(reason: string): void {
    this.ctx.trace.record({ device: this.deviceId, interface: this.interfaceName, type: 'drop', protocol: 'DHCP', summary: 'dhclient ignores a DHCP message', layers: [L7(reason)] });
  }

  private print(line: string, reason: string): void {
    this.ctx.trace.record({
      device: this.deviceId, interface: this.interfaceName, type: 'app', protocol: 'dhclient', summary: line,
      layers: [L7(reason)],
      app: { name: 'dhclient', run: this.run, line },
    });
  }
}

/** A simulated time as the lease table shows it. */
function at(ns: number): string {
  return `${(ns / 1e9).toFixed(3)} s`;
}

/** Without option 1, the old classful mask (RFC 2132 §3.3 leaves the default to the client). */
function classfulPrefix(address: number): number {
  const first = address >>> 24;
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}
