/**
 * An IPv4 routing table, like Linux's main table: a connected route for each
 * interface address, a computer's default gateway, the static routes of the
 * document. A lookup takes the longest matching prefix; among routes of the
 * same length the lowest metric, then the one added first (connected routes
 * come first). A host also keeps the next hops ICMP redirects taught it, for
 * single destinations, as Linux keeps them as route exceptions.
 */
import type { Result } from '../api';
import type { SimContext } from '../engine/context';
import { RecentMap } from '../engine/recent-map';
import type { TableSpec } from '../engine/tables';
import { formatCidr, formatIpv4, inSubnet, type Ipv4Cidr, networkOf } from '../wire/address';
import type { NextHop } from './ipv4-host';

export type RouteType = 'connected' | 'static' | 'gateway' | 'redirect';

export interface Route {
  /** The network, host bits zero. */
  destination: Ipv4Cidr;
  /** The next router; absent on a connected route, where the destination itself is the next hop. */
  via?: number;
  interfaceName: string;
  metric: number;
  type: RouteType;
}

/** A static route from the document, parsed. */
export interface StaticRoute {
  destination: Ipv4Cidr;
  via: number;
  interfaceName?: string;
  metric?: number;
}

export interface RouteChoice {
  route: Route;
  /** The address whose MAC the frame goes to: the router `via`, or the destination itself. */
  nextHop: number;
  /** In plain words: "10.0.2.0/24 via 10.0.0.2 on eth1, longest match /24". */
  reason: string;
  /**
   * What the host made of this choice (its interface), kept with it: the
   * table hands out the same choice for a destination until its routes
   * change, so a host works it out once, not for every packet.
   */
  resolved?: Result<NextHop>;
}

export const ROUTING_TABLE: TableSpec = {
  name: 'routes',
  title: 'Routing table',
  columns: ['Destination', 'Via', 'Interface', 'Metric', 'Type'],
  empty: 'Empty: no interface has an IPv4 address and there are no routes, so nothing can be sent anywhere.',
};

const TYPE_WORDS: Record<RouteType, string> = { connected: 'connected', static: 'static', gateway: 'default gateway', redirect: 'redirect' };

interface Exception {
  route: Route;
  expiresAt: number;
  from: number;
}

/** Destinations whose reasons are remembered; past this the memory starts afresh. */
const REASON_CACHE_LIMIT = 4096;

export class RoutingTable {
  private routes: Route[] = [];
  private exceptions = new Map<number, Exception>();
  /** The reason last worded for each destination, with the routes it weighed: reused while those stay the same. */
  private reasons = new Map<number, { best: Route; matched: Route[]; reason: string }>();
  /** The choice made for each destination, while the routes stay as they are: a router looks up the same few destinations for packet after packet. */
  private choices = new RecentMap<number, RouteChoice>();

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
  ) {}

  get all(): readonly Route[] {
    return this.routes;
  }

  /**
   * The connected route of an interface address: its whole network, out of that interface.
   * `live` when the address comes while the network runs (a DHCP lease): the change is journaled, so stepping back undoes it.
   */
  addConnected(interfaceName: string, cidr: Ipv4Cidr, live = false): void {
    this.add({ destination: { address: networkOf(cidr), prefix: cidr.prefix }, interfaceName, metric: 0, type: 'connected' }, live);
  }

  /** A computer's default gateway: 0.0.0.0/0 via the gateway, out of that interface. */
  addGateway(interfaceName: string, gateway: number, live = false): void {
    this.add({ destination: { address: 0, prefix: 0 }, via: gateway, interfaceName, metric: 0, type: 'gateway' }, live);
  }

  /** Removes an interface's connected and gateway routes while the network runs (its address changed or went), journaled. */
  removeAddressRoutes(interfaceName: string): void {
    const gone = this.routes.filter((r) => r.interfaceName === interfaceName && (r.type === 'connected' || r.type === 'gateway'));
    if (gone.length === 0) return;
    this.routes = this.routes.filter((r) => !gone.includes(r));
    this.choices.clear();
    for (const route of gone) this.ctx.tables.delete(this.deviceId, ROUTING_TABLE.name, routeKey(route));
  }

  /**
   * A static route leaves by the interface given, or else by the one whose
   * connected network holds `via` (as Linux resolves a gateway when the route
   * is added). False when `via` is on none of them.
   */
  addStatic(route: StaticRoute): boolean {
    const connected = this.routes.filter((r) => r.type === 'connected' && inSubnet(route.via, r.destination) && (route.interfaceName === undefined || r.interfaceName === route.interfaceName));
    const exit = connected.sort((a, b) => b.destination.prefix - a.destination.prefix)[0];
    if (!exit) return false;
    this.add({ destination: { address: networkOf(route.destination), prefix: route.destination.prefix }, via: route.via, interfaceName: exit.interfaceName, metric: route.metric ?? 0, type: 'static' });
    return true;
  }

  /** Where a packet to `dst` goes, and why; undefined when no route matches. */
  lookup(dst: number): RouteChoice | undefined {
    // Most tables hold no redirect exceptions: then not even asked.
    const exception = this.exceptions.size === 0 ? undefined : this.exceptions.get(dst);
    if (exception && exception.expiresAt > this.ctx.scheduler.now) {
      const { route } = exception;
      const left = Math.round((exception.expiresAt - this.ctx.scheduler.now) / 1e9);
      return { route, nextHop: route.via!, reason: `${formatIpv4(dst)} via ${formatIpv4(route.via!)} on ${route.interfaceName}, as ${formatIpv4(exception.from)} advised in an ICMP redirect (for ${left} s more)` };
    }
    if (exception) this.forgetException(dst);
    const known = this.choices.get(dst);
    if (known !== undefined) return known;
    let best: Route | undefined;
    const matched: Route[] = [];
    for (const route of this.routes) {
      if (!inSubnet(dst, route.destination)) continue;
      matched.push(route);
      if (!best || route.destination.prefix > best.destination.prefix || (route.destination.prefix === best.destination.prefix && route.metric < best.metric)) best = route;
    }
    if (!best) return undefined;
    const choice = { route: best, nextHop: best.via ?? dst, reason: this.explained(dst, best, matched) };
    if (this.choices.size >= REASON_CACHE_LIMIT) this.choices.clear();
    this.choices.set(dst, choice);
    return choice;
  }

  /** explain(), worded once per destination while the same routes match it: a router looks up the same few destinations for packet after packet. */
  private explained(dst: number, best: Route, matched: Route[]): string {
    const known = this.reasons.get(dst);
    if (known && known.best === best && sameRoutes(known.matched, matched)) return known.reason;
    if (this.reasons.size >= REASON_CACHE_LIMIT) this.reasons.clear();
    const reason = explain(dst, best, matched);
    this.reasons.set(dst, { best, matched, reason });
    return reason;
  }

  /** Learns from an ICMP redirect that `dst` is better reached via `gateway` (a host route exception, kept `lifetimeNs`). */
  learnRedirect(dst: number, gateway: number, interfaceName: string, from: number, lifetimeNs: number): void {
    const route: Route = { destination: { address: dst, prefix: 32 }, via: gateway, interfaceName, metric: 0, type: 'redirect' };
    const expiresAt = this.ctx.scheduler.now + lifetimeNs;
    this.exceptions.set(dst, { route, expiresAt, from });
    this.ctx.tables.set(this.deviceId, ROUTING_TABLE.name, exceptionKey(dst), cells(route), expiresAt);
  }

  /** Power off: the redirects learned are forgotten. */
  forgetRedirects(): void {
    for (const dst of [...this.exceptions.keys()]) this.forgetException(dst);
  }

  private forgetException(dst: number): void {
    this.exceptions.delete(dst);
    this.ctx.tables.delete(this.deviceId, ROUTING_TABLE.name, exceptionKey(dst));
  }

  private add(route: Route, live = false): void {
    this.routes.push(route);
    this.choices.clear();
    if (live) this.ctx.tables.set(this.deviceId, ROUTING_TABLE.name, routeKey(route), cells(route));
    else this.ctx.tables.preset(this.deviceId, ROUTING_TABLE.name, routeKey(route), cells(route));
  }
}

function routeKey(route: Route): string {
  return `${formatCidr(route.destination)} ${route.via ?? ''} ${route.interfaceName} ${route.metric}`;
}

function exceptionKey(dst: number): string {
  return `redirect ${formatIpv4(dst)}`;
}

function cells(route: Route): string[] {
  const via = route.via === undefined ? 'directly connected' : formatIpv4(route.via);
  return [formatCidr(route.destination), via, route.interfaceName, `${route.metric}`, TYPE_WORDS[route.type]];
}

function sameRoutes(a: Route[], b: Route[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function explain(dst: number, best: Route, matched: Route[]): string {
  const destination = formatCidr(best.destination);
  const beaten = matched.filter((r) => r !== best);
  const shorter = [...new Set(beaten.filter((r) => r.destination.prefix < best.destination.prefix).map((r) => r.destination.prefix))].sort((a, b) => b - a).map((p) => `/${p}`);
  const tied = beaten.filter((r) => r.destination.prefix === best.destination.prefix);
  let why = best.destination.prefix === 0 && beaten.length === 0 ? `the default route: no more specific route matches ${formatIpv4(dst)}` : `longest match /${best.destination.prefix}`;
  if (shorter.length > 0) why += ` (beats ${shorter.join(', ')})`;
  const higher = tied.filter((r) => r.metric > best.metric).map((r) => r.metric);
  if (higher.length > 0) why += `, metric ${best.metric} beats ${higher.join(', ')}`;
  if (tied.some((r) => r.metric === best.metric)) why += `, first of the routes with metric ${best.metric}`;
  if (best.via === undefined) return `${destination} on ${best.interfaceName} (connected), ${why}: ${formatIpv4(dst)} is on that network, so it goes straight there`;
  const gateway = best.type === 'gateway' ? ' (the default gateway)' : '';
  return `${destination} via ${formatIpv4(best.via)} on ${best.interfaceName}${gateway}, ${why}`;
}
