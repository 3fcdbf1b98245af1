/**
 * Builds the engine's devices and cables from a (validated) document. Devices
 * never build themselves: this is the one place that reads the document.
 */
import type { DeviceDoc, NetworkDocument } from '../document/schema';
import { Computer } from '../devices/computer';
import { type Device, IpDevice } from '../devices/device';
import { DHCP_DEFAULT_LEASE_SECONDS } from '../document/dhcp-rules';
import type { DhcpScope } from '../stack/dhcp-server';
import { Hub } from '../devices/hub';
import { HomeRouter } from '../devices/home-router';
import { Router, type RouterInterface } from '../devices/router';
import { HOME_ROUTER_LAN, HOME_ROUTER_WAN, homeRouterRole } from '../document/home-router-rules';
import type { PortForward } from '../stack/nat';
import { Switch } from '../devices/switch';
import type { StaticRoute } from '../stack/routing-table';
import { parseCidr, parseIpv4, ZERO_MAC } from '../wire/address';
import type { Parsed } from '../wire/fields';
import { startIpv6 } from './build-ipv6';
import { startServices } from './build-services';
import { buildVmHost, vmHostIds, wireVms } from './build-vms';
import type { SimContext } from './context';
import { Nic } from './nic';

export function buildNetwork(doc: NetworkDocument, ctx: SimContext): Map<string, Device> {
  const devices = new Map<string, Device>();
  const vmHosts = vmHostIds(doc);
  for (const deviceDoc of doc.devices) devices.set(deviceDoc.id, buildDevice(deviceDoc, ctx, doc, vmHosts));
  for (const link of doc.links) {
    const a = devices.get(link.a.device)!.nics.get(link.a.interface)!;
    const b = devices.get(link.b.device)!.nics.get(link.b.interface)!;
    const cable = { id: link.id, bandwidthBps: link.bandwidthBps, delayNs: link.delayNs, lossRate: link.lossRate ?? 0, reorderRate: link.reorderRate ?? 0 };
    a.plug(cable, b);
    b.plug(cable, a);
  }
  wireVms(doc, devices, ctx);
  for (const deviceDoc of doc.devices) startDhcp(deviceDoc, devices.get(deviceDoc.id)!);
  startServices(doc, devices, ctx);
  for (const device of devices.values()) if (device instanceof IpDevice) device.startTcp();
  startIpv6(doc, devices);
  return devices;
}

/** What runs from boot: a DHCP server for the document's scopes, a DHCP client on every interface set to 'dhcp'. */
function startDhcp(doc: DeviceDoc, device: Device): void {
  if (!(device instanceof IpDevice)) return;
  const scopes = (doc.dhcpServers ?? []).flatMap((scope): DhcpScope[] => {
    const start = valueOf(parseIpv4(scope.poolStart));
    const end = valueOf(parseIpv4(scope.poolEnd));
    if (start === undefined || end === undefined) return [];
    return [{
      interfaceName: scope.interface, poolStart: start, poolEnd: end, leaseSeconds: scope.leaseSeconds ?? DHCP_DEFAULT_LEASE_SECONDS,
      gateway: scope.gateway === undefined ? undefined : valueOf(parseIpv4(scope.gateway)),
      dns: (scope.dns ?? []).flatMap((d) => valueOf(parseIpv4(d)) ?? []),
      reservations: (scope.reservations ?? []).flatMap((r) => {
        const address = valueOf(parseIpv4(r.ipv4));
        return address === undefined ? [] : [{ mac: r.mac, address }];
      }),
    }];
  });
  if (scopes.length > 0) device.startDhcpServer(scopes);
  for (const i of doc.interfaces) if (i.addressing === 'dhcp') device.startDhcpClient(i.name);
}

function buildDevice(doc: DeviceDoc, ctx: SimContext, network: NetworkDocument, vmHosts: ReadonlySet<string>): Device {
  switch (doc.kind) {
    case 'computer':
    case 'server':
    case 'vm': {
      // A VM is a computer of its own, inside its host (build-vms.ts).
      const interfaces = doc.interfaces.map((i) => ({
        name: i.name,
        mac: i.mac ?? ZERO_MAC,
        cidr: i.ipv4 ? valueOf(parseCidr(i.ipv4)) : undefined,
        gateway: i.gateway ? valueOf(parseIpv4(i.gateway)) : undefined,
      }));
      if (doc.kind === 'computer' && vmHosts.has(doc.id)) return buildVmHost(network, doc, ctx, interfaces, staticRoutes(doc));
      return new Computer(ctx, doc.id, doc.name, interfaces, staticRoutes(doc));
    }
    case 'router':
    case 'isp':
      return new Router(ctx, doc.id, doc.name, doc.interfaces.map((i) => ({
        name: i.name,
        mac: i.mac ?? ZERO_MAC,
        cidr: i.ipv4 ? valueOf(parseCidr(i.ipv4)) : undefined,
      })), staticRoutes(doc));
    case 'switch':
    case 'hub': {
      const device = doc.kind === 'switch' ? new Switch(ctx, doc.id, doc.name) : new Hub(ctx, doc.id, doc.name);
      for (const i of doc.interfaces) device.addNic(new Nic(device, i.name, i.mac ?? ZERO_MAC));
      return device;
    }
    case 'home-router':
      return buildHomeRouter(doc, ctx);
  }
}

function buildHomeRouter(doc: DeviceDoc, ctx: SimContext): HomeRouter {
  const side = (name: string): RouterInterface => {
    const i = doc.interfaces.find((x) => x.name === name);
    return { name, mac: i?.mac ?? ZERO_MAC, cidr: i?.ipv4 ? valueOf(parseCidr(i.ipv4)) : undefined, gateway: i?.gateway ? valueOf(parseIpv4(i.gateway)) : undefined };
  };
  const portForwards = (doc.portForwards ?? []).flatMap((f): PortForward[] => {
    const to = valueOf(parseIpv4(f.to));
    return to === undefined ? [] : [{ protocol: f.protocol, port: f.port, to, toPort: f.toPort ?? f.port }];
  });
  return new HomeRouter(ctx, doc.id, doc.name, {
    wan: side(HOME_ROUTER_WAN),
    lan: side(HOME_ROUTER_LAN),
    ports: doc.interfaces.filter((i) => homeRouterRole(i.name) === 'port').map((i) => i.name),
    routes: staticRoutes(doc),
    portForwards,
  });
}

function staticRoutes(doc: DeviceDoc): StaticRoute[] {
  return (doc.routes ?? []).flatMap((route) => {
    const destination = valueOf(parseCidr(route.destination));
    const via = valueOf(parseIpv4(route.via));
    return destination && via !== undefined ? [{ destination, via, interfaceName: route.interface, metric: route.metric }] : [];
  });
}

/** The document was validated before it got here; a value that still fails to parse is treated as absent. */
function valueOf<T>(parsed: Parsed<T>): T | undefined {
  return parsed.ok ? parsed.value : undefined;
}
