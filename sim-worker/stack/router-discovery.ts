/**
 * Router discovery (RFC 4861 §6) and stateless address autoconfiguration
 * (RFC 4862). A router advertises the prefixes of its interfaces' addresses,
 * now and then and when asked, with radvd's defaults. A computer asks at
 * start-up with a router solicitation, then makes an address from each /64
 * prefix and its MAC's interface id, and takes the advertising router as its
 * default route.
 */
import type { LayerNote } from '../api';
import type { SimContext } from '../engine/context';
import { ALL_NODES, ALL_ROUTERS, formatCidr6, formatIpv6, isLinkLocal6, multicastMac, networkOf6, slaacAddress } from '../wire/address6';
import { linkLayerOption, type NdpOption, type RouterAdvertisement, type RouterSolicitation } from '../wire/icmpv6';
import { IPV6_DEFAULT_HOP_LIMIT, type Ipv6Packet } from '../wire/ipv6';
import type { FrameRef } from './arp-resolver';
import type { Ipv6Host } from './ipv6-host';
import { type Ipv6Interface, ownsAddress } from './ndp';

/** radvd's defaults: AdvDefaultLifetime 1800 s (3 × MaxRtrAdvInterval), AdvValidLifetime 86400 s, AdvPreferredLifetime 14400 s. */
export const ROUTER_LIFETIME_S = 1800;
const VALID_LIFETIME_S = 86_400;
const PREFERRED_LIFETIME_S = 14_400;
/** radvd's MinRtrAdvInterval (0.33 × 600) and MaxRtrAdvInterval, in ns. */
const MIN_RTR_ADV_INTERVAL_NS = 198_000_000_000;
const MAX_RTR_ADV_INTERVAL_NS = 600_000_000_000;
/** RFC 4861 §10: the first few advertisements come faster, and an answer to a solicitation waits a moment. */
const MAX_INITIAL_RTR_ADVERTISEMENTS = 3;
const MAX_INITIAL_RTR_ADVERT_INTERVAL_NS = 16_000_000_000;
const MAX_RA_DELAY_NS = 500_000_000;
/** RFC 4861 §10: a host waits up to 1 s before its first solicitation, then sends up to 3, 4 s apart. */
const MAX_RTR_SOLICITATION_DELAY_NS = 1_000_000_000;
const RTR_SOLICITATION_INTERVAL_NS = 4_000_000_000;
const MAX_RTR_SOLICITATIONS = 3;

const L3 = (reason: string): LayerNote => ({ layer: 3, protocol: 'ICMPv6', reason });

/** What both ends of router discovery share: their device, its IPv6 stack, and timers that power off calls off. */
abstract class RouterDiscoveryRole {
  /** Bumped at power off, so timers set before it do nothing. */
  private epoch = 0;

  constructor(
    protected readonly ctx: SimContext,
    protected readonly deviceId: string,
    protected readonly host: Ipv6Host,
  ) {}

  protected get name(): string {
    return this.ctx.nameOf(this.deviceId);
  }

  stop(): void {
    this.epoch++;
  }

  /** Runs `task` after `delayNs` unless the device is powered off before then. */
  protected later(delayNs: number, task: () => void, background = false): void {
    const epoch = this.epoch;
    this.ctx.scheduler.after(delayNs, () => {
      if (epoch === this.epoch) task();
    }, background);
  }

  protected record(iface: Ipv6Interface, frame: FrameRef, l2: LayerNote, type: 'receive' | 'drop', reason: string): void {
    this.ctx.trace.record({ device: this.deviceId, interface: iface.nic.name, type, frame, layers: [l2, L3(reason)] });
  }
}

export class RouterAdvertiser extends RouterDiscoveryRole {
  /** Unsolicited advertisements are background timers: they must not keep "run until quiet" going. */
  start(): void {
    for (const iface of this.host.interfaces) {
      if (iface.addresses.length === 0) continue;
      this.later(this.ctx.prng.int(0, MAX_RA_DELAY_NS), () => this.unsolicited(iface, 1), true);
    }
  }

  private unsolicited(iface: Ipv6Interface, count: number): void {
    this.advertise(iface, ALL_NODES, multicastMac(ALL_NODES), `${this.name} announces itself to every node on ${iface.nic.name}'s link, as routers do now and then`);
    const next = count < MAX_INITIAL_RTR_ADVERTISEMENTS ? MAX_INITIAL_RTR_ADVERT_INTERVAL_NS : this.ctx.prng.int(MIN_RTR_ADV_INTERVAL_NS, MAX_RTR_ADV_INTERVAL_NS);
    this.later(next, () => this.unsolicited(iface, count + 1), true);
  }

  receiveSolicitation(iface: Ipv6Interface, ip: Ipv6Packet, message: RouterSolicitation, frame: FrameRef, l2: LayerNote): void {
    const record = (type: 'receive' | 'drop', reason: string) => this.record(iface, frame, l2, type, reason);
    if (iface.addresses.length === 0) return void record('drop', `a router solicitation from ${formatIpv6(ip.src)}, but ${iface.nic.name} has no IPv6 prefix to advertise`);
    const mac = linkLayerOption(message.options, 'source-link-layer');
    const fromAddress = ip.src !== 0n && mac !== undefined;
    if (fromAddress) this.host.ndp.cache.learn(ip.src, mac, iface.nic.name, false);
    const delay = this.ctx.prng.int(0, MAX_RA_DELAY_NS);
    record('receive', `${formatIpv6(ip.src)} asks for routers${fromAddress ? `; learned it is at ${mac}` : ''}: ${this.name} answers within half a second (RFC 4861 §6.2.6)`);
    this.later(delay, () => {
      // Straight back to the asker when it said who it is, as radvd does (AdvRASolicitedUnicast).
      if (fromAddress) this.advertise(iface, ip.src, mac, `the answer to ${formatIpv6(ip.src)}'s router solicitation`);
      else this.advertise(iface, ALL_NODES, multicastMac(ALL_NODES), 'the answer to a router solicitation from an address not yet configured, so to all nodes');
    });
  }

  private advertise(iface: Ipv6Interface, dst: bigint, dstMac: string, why: string): void {
    const prefixes: NdpOption[] = iface.addresses.map((a) => ({
      kind: 'prefix-information', prefix: networkOf6(a), prefixLength: a.prefix, onLink: true, autonomous: a.prefix === 64,
      validLifetime: VALID_LIFETIME_S, preferredLifetime: PREFERRED_LIFETIME_S,
    }));
    const message: RouterAdvertisement = {
      kind: 'router-advertisement', curHopLimit: IPV6_DEFAULT_HOP_LIMIT, managed: false, other: false, routerLifetime: ROUTER_LIFETIME_S,
      reachableTimeMs: 0, retransTimerMs: 0, options: [{ kind: 'source-link-layer', mac: iface.nic.mac }, ...prefixes],
    };
    const listed = iface.addresses.map((a) => formatCidr6({ address: a.address, prefix: a.prefix })).join(', ');
    this.host.ndp.sendNdp(iface, message, iface.linkLocal, dst, dstMac,
      `router advertisement: ${why}. It offers itself as a default router for ${ROUTER_LIFETIME_S} s and the prefix of ${listed}, on-link${iface.addresses.some((a) => a.prefix === 64) ? ' and for SLAAC' : ''}`,
      dst === ALL_NODES ? `to ${dstMac}, the all-nodes group's MAC` : `to ${dstMac}, the asker's MAC from its solicitation`);
  }
}

export class RouterSolicitor extends RouterDiscoveryRole {
  /** Interfaces that heard a router: they solicit no more (RFC 4861 §6.3.7). */
  private answered = new Set<Ipv6Interface>();

  start(): void {
    for (const iface of this.host.interfaces) this.solicit(iface);
  }

  override stop(): void {
    super.stop();
    this.answered.clear();
  }

  /** After a random wait of up to a second, so that hosts booting together do not all ask at once. */
  solicit(iface: Ipv6Interface): void {
    this.later(this.ctx.prng.int(0, MAX_RTR_SOLICITATION_DELAY_NS), () => this.send(iface, 1));
  }

  private send(iface: Ipv6Interface, attempt: number): void {
    if (this.answered.has(iface) || attempt > MAX_RTR_SOLICITATIONS) return;
    this.host.ndp.sendNdp(iface, { kind: 'router-solicitation', options: [{ kind: 'source-link-layer', mac: iface.nic.mac }] }, iface.linkLocal, ALL_ROUTERS, multicastMac(ALL_ROUTERS),
      `router solicitation ${attempt} of ${MAX_RTR_SOLICITATIONS}: ${this.name} asks any router on ${iface.nic.name}'s link to advertise itself and its prefixes now, rather than wait for the next advertisement`,
      `to ${multicastMac(ALL_ROUTERS)}, the all-routers group's MAC`);
    this.later(RTR_SOLICITATION_INTERVAL_NS, () => this.send(iface, attempt + 1));
  }

  receiveAdvertisement(iface: Ipv6Interface, ip: Ipv6Packet, message: RouterAdvertisement, frame: FrameRef, l2: LayerNote): void {
    const record = (type: 'receive' | 'drop', reason: string) => this.record(iface, frame, l2, type, reason);
    const router = formatIpv6(ip.src);
    if (!isLinkLocal6(ip.src)) return void record('drop', `a router advertisement from ${router}, which is not a link-local address: RFC 4861 §6.1.2 says to ignore it`);
    const mac = linkLayerOption(message.options, 'source-link-layer');
    if (mac) this.host.ndp.cache.learn(ip.src, mac, iface.nic.name, true);
    const did: string[] = [];
    if (message.routerLifetime > 0) {
      this.host.routingTable.addDefaultRouter(ip.src, iface.nic.name, message.routerLifetime * 1e9);
      this.answered.add(iface);
      did.push(`default route via ${router} for ${message.routerLifetime} s`);
    }
    for (const option of message.options) {
      if (option.kind !== 'prefix-information' || option.validLifetime === 0) continue;
      const prefix = formatCidr6({ address: option.prefix, prefix: option.prefixLength });
      // RFC 4862 §5.5.3: an address only from a /64 (the interface id is 64 bits) whose preferred lifetime is within its valid one.
      if (option.autonomous && option.prefixLength === 64 && option.preferredLifetime <= option.validLifetime) {
        const address = slaacAddress(option.prefix, iface.nic.mac);
        if (ownsAddress(iface, address)) {
          did.push(`${formatIpv6(address)} from ${prefix} is already mine`);
          continue;
        }
        this.host.addAddress(iface, { address, prefix: 64 }, true, option.onLink);
        did.push(`new address ${formatIpv6(address)}/64 by SLAAC: the prefix ${prefix} and the interface id made from my MAC ${iface.nic.mac}`);
      } else if (option.onLink) {
        this.host.routingTable.addConnected(iface.nic.name, { address: option.prefix, prefix: option.prefixLength }, true);
        did.push(`${prefix} is on-link`);
      }
    }
    record('receive', `router advertisement from ${router}${mac ? ` at ${mac}` : ''}: ${did.length === 0 ? 'nothing to configure' : did.join('; ')}`);
  }
}
