/**
 * An IPv6 routing table, like Linux's (`ip -6 route`): fe80::/64 and each
 * address's prefix connected on its interface (metric 256), the static routes
 * of the document (metric 1024 unless given), and a default route via each
 * router whose advertisement said it may be one, for its router lifetime
 * (metric 1024). A lookup takes the longest matching prefix, then the lowest
 * metric, then the route added first.
 */
import type { SimContext } from '../engine/context';
import type { TableSpec } from '../engine/tables';
import { formatCidr6, formatIpv6, inSubnet6, type Ipv6Cidr, networkOf6 } from '../wire/address6';

export type Route6Type = 'connected' | 'static' | 'router advertisement';

export interface Route6 {
  destination: Ipv6Cidr;
  via?: bigint;
  interfaceName: string;
  metric: number;
  type: Route6Type;
  /** Router advertisement routes only. */
  expiresAt?: number;
}

export interface StaticRoute6 {
  destination: Ipv6Cidr;
  via: bigint;
  interfaceName?: string;
  metric?: number;
}

export interface Route6Choice {
  route: Route6;
  nextHop: bigint;
  reason: string;
}

/** Linux's metrics: kernel routes for addresses 256, routes from `ip -6 route add` and from router advertisements 1024. */
export const CONNECTED_METRIC6 = 256;
export const STATIC_METRIC6 = 1024;

export const ROUTING_TABLE6: TableSpec = {
  name: 'routes6',
  title: 'IPv6 routing table',
  columns: ['Destination', 'Via', 'Interface', 'Metric', 'Type'],
  empty: 'Empty: no interface has IPv6 yet.',
  expires: true,
};

export class RoutingTable6 {
  private routes: Route6[] = [];

  constructor(
    private readonly ctx: SimContext,
    private readonly deviceId: string,
  ) {}

  /** A connected prefix: an address's own (at start), or an on-link prefix a router advertised (`learned`, journaled, as Linux's "proto ra"). */
  addConnected(interfaceName: string, cidr: Ipv6Cidr, learned = false): void {
    const destination = { address: networkOf6(cidr), prefix: cidr.prefix };
    if (this.routes.some((r) => r.via === undefined && r.interfaceName === interfaceName && r.destination.address === destination.address && r.destination.prefix === destination.prefix)) return;
    this.add({ destination, interfaceName, metric: CONNECTED_METRIC6, type: learned ? 'router advertisement' : 'connected' }, learned);
  }

  /** A static route leaves by the interface given, or else by the one whose connected prefix holds `via`; false when none does. */
  addStatic(route: StaticRoute6): boolean {
    const exit = route.interfaceName ?? this.routes.filter((r) => r.type === 'connected' && inSubnet6(route.via, r.destination)).sort((a, b) => b.destination.prefix - a.destination.prefix)[0]?.interfaceName;
    if (exit === undefined) return false;
    this.add({ destination: { address: networkOf6(route.destination), prefix: route.destination.prefix }, via: route.via, interfaceName: exit, metric: route.metric ?? STATIC_METRIC6, type: 'static' }, false);
    return true;
  }

  /** A default route via a router that advertised itself (RFC 4861 §6.3.4), replacing the one before from the same router. */
  addDefaultRouter(via: bigint, interfaceName: string, lifetimeNs: number): void {
    this.routes = this.routes.filter((r) => !(r.type === 'router advertisement' && r.via === via && r.interfaceName === interfaceName));
    const route: Route6 = { destination: { address: 0n, prefix: 0 }, via, interfaceName, metric: STATIC_METRIC6, type: 'router advertisement', expiresAt: this.ctx.scheduler.now + lifetimeNs };
    this.routes.push(route);
    this.ctx.tables.set(this.deviceId, ROUTING_TABLE6.name, keyOf(route), cells(route), route.expiresAt);
  }

  /** Forgets what router advertisements taught (power off). */
  forgetLearned(): void {
    const gone = this.routes.filter((r) => r.type === 'router advertisement');
    this.routes = this.routes.filter((r) => r.type !== 'router advertisement');
    for (const route of gone) this.ctx.tables.delete(this.deviceId, ROUTING_TABLE6.name, keyOf(route));
  }

  lookup(dst: bigint): Route6Choice | undefined {
    const now = this.ctx.scheduler.now;
    let best: Route6 | undefined;
    const matched: Route6[] = [];
    for (const route of this.routes) {
      if ((route.expiresAt !== undefined && route.expiresAt <= now) || !inSubnet6(dst, route.destination)) continue;
      matched.push(route);
      if (!best || route.destination.prefix > best.destination.prefix || (route.destination.prefix === best.destination.prefix && route.metric < best.metric)) best = route;
    }
    if (!best) return undefined;
    return { route: best, nextHop: best.via ?? dst, reason: explain(dst, best, matched) };
  }

  private add(route: Route6, journaled: boolean): void {
    this.routes.push(route);
    if (journaled) this.ctx.tables.set(this.deviceId, ROUTING_TABLE6.name, keyOf(route), cells(route));
    else this.ctx.tables.preset(this.deviceId, ROUTING_TABLE6.name, keyOf(route), cells(route));
  }
}

function keyOf(route: Route6): string {
  return `${formatCidr6(route.destination)} ${route.via === undefined ? '' : formatIpv6(route.via)} ${route.interfaceName} ${route.metric}`;
}

function cells(route: Route6): string[] {
  return [formatCidr6(route.destination), route.via === undefined ? 'directly connected' : formatIpv6(route.via), route.interfaceName, `${route.metric}`, route.type];
}

function explain(dst: bigint, best: Route6, matched: Route6[]): string {
  const destination = formatCidr6(best.destination);
  const beaten = matched.filter((r) => r !== best);
  const shorter = [...new Set(beaten.filter((r) => r.destination.prefix < best.destination.prefix).map((r) => `/${r.destination.prefix}`))];
  let why = best.destination.prefix === 0 && beaten.length === 0 ? `the default route: no more specific route matches ${formatIpv6(dst)}` : `longest match /${best.destination.prefix}`;
  if (shorter.length > 0) why += ` (beats ${shorter.join(', ')})`;
  const higher = beaten.filter((r) => r.destination.prefix === best.destination.prefix && r.metric > best.metric).map((r) => r.metric);
  if (higher.length > 0) why += `, metric ${best.metric} beats ${higher.join(', ')}`;
  if (best.via === undefined) return `${destination} on ${best.interfaceName} (${best.type === 'connected' ? 'connected' : 'on-link, as a router advertised'}), ${why}: ${formatIpv6(dst)} is on that link, so it goes straight there`;
  const learned = best.type === 'router advertisement' ? ' (a router that advertised itself)' : '';
  return `${destination} via ${formatIpv6(best.via)} on ${best.interfaceName}${learned}, ${why}`;
}
