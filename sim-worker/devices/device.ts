/** What all devices share: an id, a hostname, interfaces, the tables they show, and a power switch. */
import type { LayerNote } from '../api';
import { BrowserRun } from '../apps/browser';
import { ipv4Ping, PingRun, type PingOptions } from '../apps/ping';
import { ipv6Ping } from '../apps/ping6';
import { ipv4Traceroute, TracerouteRun, type TracerouteOptions } from '../apps/traceroute';
import { ipv6Traceroute } from '../apps/traceroute6';
import type { SimContext } from '../engine/context';
import type { Nic, NicOwner } from '../engine/nic';
import type { TableSpec } from '../engine/tables';
import { DhcpClient, DHCP_LEASE_TABLE } from '../stack/dhcp-client';
import type { DnsResolver } from '../stack/dns-resolver';
import { DhcpServer, DHCP_LEASES_TABLE, type DhcpScope } from '../stack/dhcp-server';
import { acceptFrame } from '../stack/ethernet-in';
import type { Ipv4Host } from '../stack/ipv4-host';
import { forwardIpv6 } from '../stack/ipv6-forward';
import { Ipv6Host } from '../stack/ipv6-host';
import { NEIGHBOUR_TABLE } from '../stack/neighbour-cache';
import { ROUTING_TABLE6, type StaticRoute6 } from '../stack/routing-table6';
import { SOCKET_TABLE } from '../stack/socket-table';
import { TcpStack } from '../stack/tcp';
import type { Ipv6Cidr } from '../wire/address6';
import { ETHERTYPE_IPV6 } from '../wire/ethernet';

export abstract class Device implements NicOwner {
  readonly nics = new Map<string, Nic>();
  /** False while powered off: its interfaces have no link, so it hears and sends nothing. */
  poweredOn = true;

  constructor(
    readonly ctx: SimContext,
    readonly id: string,
    readonly name: string,
  ) {}

  abstract readonly tableSpecs: TableSpec[];

  abstract receive(nic: Nic, bytes: Uint8Array, frameId: number): void;

  addNic(nic: Nic): void {
    this.nics.set(nic.name, nic);
  }

  /** What is lost when the power goes, for the power-off event ("its MAC table is emptied"). */
  protected get lostAtPowerOff(): string {
    return 'it remembers nothing';
  }

  /**
   * The power switch. Off: every interface loses its link (the devices at the
   * other ends see theirs go down too). Subclasses forget their state first
   * (tables, programs), then call this. On: the interfaces come up and the
   * device starts as after a boot; subclasses extend it to restart what runs
   * at boot (DHCP clients, router solicitations).
   */
  powerOff(): void {
    this.poweredOn = false;
    this.recordPower('off', `${this.name} is switched off: ${this.lostAtPowerOff}, and every one of its interfaces goes dark, so the device at the other end of each cable loses its link`);
    for (const nic of this.nics.values()) nic.setPowered(false, `${this.name} was powered off`);
  }

  powerOn(): void {
    this.poweredOn = true;
    this.recordPower('on', `${this.name} starts up afresh, knowing nothing yet: its interfaces come up with a link wherever a cable leads to a powered device`);
    for (const nic of this.nics.values()) nic.setPowered(true, `${this.name} was powered on`);
  }

  /** Carrier went or came on one of its interfaces: what the device did about it. */
  linkChanged(_nic: Nic, _up: boolean): LayerNote[] {
    return [];
  }

  private recordPower(state: 'on' | 'off', reason: string): void {
    this.ctx.trace.record({ device: this.id, type: 'state', protocol: 'Power', summary: `${this.name} powered ${state}`, layers: [{ layer: 1, protocol: 'Power', reason }] });
  }
}

/** A device with an IPv4 stack of its own (a computer, a router): it can run ping and traceroute. */
export abstract class IpDevice extends Device {
  abstract readonly ip: Ipv4Host;
  /** The IPv6 side beside IPv4 (dual stack); absent only on kinds built without it. */
  ipv6?: Ipv6Host;
  /** Runs of each app so far, to number them ("ping #2"). */
  private runs = new Map<string, number>();
  /** Programs started since the last boot: power off stops them. */
  private programs: { stop(): void }[] = [];
  /** DHCP clients by interface name: they start at boot and stop when the power goes. */
  readonly dhcpClients = new Map<string, DhcpClient>();
  dhcpServer?: DhcpServer;
  /** The stub resolver (stack/dns-resolver.ts) of a computer, VM or server: the builder starts it. */
  dns?: DnsResolver;
  /** Services running from boot (a DNS server; engine/build-services.ts starts them): they stop with the power and start again with it. */
  readonly services: { start(): void; stop(): void }[] = [];
  private tcpStack?: TcpStack;

  /** TCP sockets (stack/tcp.ts), made on first use; the builder makes every device's at load, so a closed port answers with RST. */
  get tcp(): TcpStack {
    if (!this.tcpStack) {
      this.tableSpecs.push(SOCKET_TABLE);
      this.tcpStack = new TcpStack(this.ctx, this.id, this.ip);
    }
    return this.tcpStack;
  }

  /** Opens TCP at load (see `tcp`). */
  startTcp(): void {
    void this.tcp;
  }

  /** The Ethernet demux: a frame for this interface goes to IPv6 by its EtherType, else to IPv4 (and ARP). */
  receive(nic: Nic, bytes: Uint8Array, frameId: number): void {
    if (!this.ipv6) return this.ip.receive(nic, bytes, frameId);
    const arrival = acceptFrame(this.ctx, this.id, nic, bytes, frameId, this.ipv6);
    if (!arrival) return;
    if (arrival.etherType === ETHERTYPE_IPV6) this.ipv6.receive(arrival);
    else this.ip.receiveFrame(arrival);
  }

  /** Over IPv6 when the target is an IPv6 address (a bigint). The caller checked the device has IPv6. */
  ping(options: PingOptions): void {
    const family = typeof options.target === 'bigint' ? ipv6Ping(this.ipv6!, options.target) : ipv4Ping(this.ip, options.target, options.name);
    this.startProgram(new PingRun(this.ctx, this.id, family, this.nextRun('ping'), options));
  }

  traceroute(options: TracerouteOptions): void {
    const family = typeof options.target === 'bigint' ? ipv6Traceroute(this.ipv6!, options.target) : ipv4Traceroute(this.ip, options.target, options.name);
    this.startProgram(new TracerouteRun(this.ctx, this.id, family, this.nextRun('traceroute'), options));
  }

  /** Loads a page, like `curl -i -L <url>`; the run is returned so tests can read the responses. */
  browse(url: string): BrowserRun {
    const run = new BrowserRun(this.ctx, this, this.nextRun('browser'), url);
    this.startProgram(run);
    return run;
  }

  /**
   * Brings up IPv6 beside IPv4 (the builder calls this at load): a link-local
   * address on every interface, the document's static addresses and routes;
   * a router forwards and advertises, a computer solicits routers when asked to.
   */
  startIpv6(addresses: ReadonlyMap<string, Ipv6Cidr>, routes: StaticRoute6[], solicitRouters: boolean): void {
    this.tableSpecs.push(ROUTING_TABLE6, NEIGHBOUR_TABLE);
    const interfaces = [...this.nics.values()].map((nic) => ({ nic, address: addresses.get(nic.name) }));
    const forward = this.routesIpv6() ? (transit: Parameters<typeof forwardIpv6>[3]) => forwardIpv6(this.ctx, this.id, this.ipv6!, transit) : undefined;
    this.ipv6 = new Ipv6Host(this.ctx, this.id, interfaces, { routes, forward, solicitRouters });
  }

  /** Whether it forwards IPv6 packets for others (a router), rather than dropping them (a computer). */
  protected routesIpv6(): boolean {
    return false;
  }

  /** Takes an interface's address by DHCP: the client starts looking for a server at once (the builder calls this at load). */
  startDhcpClient(interfaceName: string): void {
    if (this.dhcpClients.size === 0) this.tableSpecs.push(DHCP_LEASE_TABLE);
    this.dhcpClients.set(interfaceName, new DhcpClient(this.ctx, this.id, this.ip, interfaceName, this.nextRun('dhclient')));
  }

  /** Serves addresses on the networks of some of its interfaces (a router's or ISP's DHCP server). */
  startDhcpServer(scopes: DhcpScope[]): void {
    this.tableSpecs.push(DHCP_LEASES_TABLE);
    this.dhcpServer = new DhcpServer(this.ctx, this.id, this.ip, scopes);
  }

  protected override get lostAtPowerOff(): string {
    return 'its programs stop and its ARP cache is emptied';
  }

  override powerOff(): void {
    for (const program of this.programs) program.stop();
    this.programs = [];
    for (const client of this.dhcpClients.values()) client.stop();
    for (const service of this.services) service.stop();
    this.dns?.clear();
    this.ip.powerOff();
    this.tcpStack?.powerOff();
    this.ipv6?.powerOff();
    super.powerOff();
  }

  override powerOn(): void {
    super.powerOn();
    for (const client of this.dhcpClients.values()) client.start();
    for (const service of this.services) service.start();
    this.ipv6?.start();
  }

  override linkChanged(nic: Nic, up: boolean): LayerNote[] {
    return [...this.ip.linkChanged(nic, up), ...(this.ipv6?.linkChanged(nic, up) ?? [])];
  }

  /** Starts a program of its own (nslookup), numbered among the runs of `app`: power off stops it. */
  runProgram(app: string, make: (run: number) => { start(): void; stop(): void }): void {
    this.startProgram(make(this.nextRun(app)));
  }

  private startProgram(program: { start(): void; stop(): void }): void {
    this.programs.push(program);
    program.start();
  }

  private nextRun(app: string): number {
    const run = (this.runs.get(app) ?? 0) + 1;
    this.runs.set(app, run);
    return run;
  }
}
