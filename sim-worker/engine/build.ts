/**
 * Builds the engine's devices and cables from a (validated) document. Devices
 * never build themselves: this is the one place that reads the document.
 */
import type { DeviceDoc, NetworkDocument } from '../document/schema';
import { Computer } from '../devices/computer';
import type { Device } from '../devices/device';
import { Hub } from '../devices/hub';
import { Router } from '../devices/router';
import { Switch } from '../devices/switch';
import type { StaticRoute } from '../stack/routing-table';
import { parseCidr, parseIpv4, ZERO_MAC } from '../wire/address';
import type { Parsed } from '../wire/fields';
import type { SimContext } from './context';
import { Nic } from './nic';

export function buildNetwork(doc: NetworkDocument, ctx: SimContext): Map<string, Device> {
  const devices = new Map<string, Device>();
  for (const deviceDoc of doc.devices) devices.set(deviceDoc.id, buildDevice(deviceDoc, ctx));
  for (const link of doc.links) {
    const a = devices.get(link.a.device)!.nics.get(link.a.interface)!;
    const b = devices.get(link.b.device)!.nics.get(link.b.interface)!;
    const cable = { id: link.id, bandwidthBps: link.bandwidthBps, delayNs: link.delayNs };
    a.plug(cable, b);
    b.plug(cable, a);
  }
  return devices;
}

function buildDevice(doc: DeviceDoc, ctx: SimContext): Device {
  switch (doc.kind) {
    case 'computer':
      return new Computer(ctx, doc.id, doc.name, doc.interfaces.map((i) => ({
        name: i.name,
        mac: i.mac ?? ZERO_MAC,
        cidr: i.ipv4 ? valueOf(parseCidr(i.ipv4)) : undefined,
        gateway: i.gateway ? valueOf(parseIpv4(i.gateway)) : undefined,
      })), staticRoutes(doc));
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
    case 'vm':
      throw new Error(`${doc.kind} is not built yet`);
  }
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
