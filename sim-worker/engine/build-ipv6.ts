/**
 * The builder's IPv6 part (see build.ts): every computer and router gets an
 * IPv6 side with the document's static addresses and IPv6 routes.
 * Computers solicit routers at start-up only when the document has a router
 * with an IPv6 address: Linux would ask anyway, but with nobody to answer the
 * solicitations would only clutter an IPv4 network's trace.
 */
import { IpDevice, type Device } from '../devices/device';
import type { NetworkDocument } from '../document/schema';
import type { StaticRoute6 } from '../stack/routing-table6';
import { type Ipv6Cidr, parseCidr6, parseIpv6 } from '../wire/address6';

export function startIpv6(doc: NetworkDocument, devices: ReadonlyMap<string, Device>): void {
  const solicitRouters = doc.devices.some((d) => d.kind !== 'computer' && d.kind !== 'vm' && d.interfaces.some((i) => i.ipv6 !== undefined));
  for (const deviceDoc of doc.devices) {
    const device = devices.get(deviceDoc.id);
    if (!(device instanceof IpDevice)) continue;
    const addresses = new Map<string, Ipv6Cidr>();
    for (const i of deviceDoc.interfaces) {
      const cidr = i.ipv6 === undefined ? undefined : parseCidr6(i.ipv6);
      if (cidr?.ok) addresses.set(i.name, cidr.value);
    }
    const routes = (deviceDoc.routes ?? []).flatMap((route): StaticRoute6[] => {
      const destination = parseCidr6(route.destination);
      const via = parseIpv6(route.via);
      return destination.ok && via.ok ? [{ destination: destination.value, via: via.value, interfaceName: route.interface, metric: route.metric }] : [];
    });
    device.startIpv6(addresses, routes, solicitRouters && deviceDoc.kind !== 'router' && deviceDoc.kind !== 'isp');
  }
}
