/**
 * The builder's VM part (see build.ts): a computer with VMs is built as a VM
 * host (devices/vm-host.ts); each VM is a computer of its own; a virtual
 * switch (devices/virtual-switch.ts) joins them by virtual cables, one
 * network per mode. The virtual parts have ids and names of their own
 * ("pc-1/vswitch", "PC-1 virtual switch") that the app maps to the host.
 */
import type { Device } from '../devices/device';
import type { RouterInterface } from '../devices/router';
import { VirtualSwitch } from '../devices/virtual-switch';
import { BRIDGE_TRUNK, HOST_ONLY_NETWORK, NAT_NETWORK, VmHost } from '../devices/vm-host';
import type { DeviceDoc, NetworkDocument, VmMode } from '../document/schema';
import { guestsOf, VM_INTERFACE, virtualSwitchId, virtualSwitchName } from '../document/vm-rules';
import type { StaticRoute } from '../stack/routing-table';
import type { SimContext } from './context';
import type { Cable, Nic } from './nic';

/**
 * A virtual cable is a memory copy inside the host: virtio-net devices report
 * 10 Gbit/s to Linux guests, and nothing travels any distance.
 */
export const VIRTUAL_CABLE = { bandwidthBps: 10_000_000_000, delayNs: 0 } as const;

/** The computers that host VMs, by id: found once for the whole network, not device by device. */
export function vmHostIds(doc: NetworkDocument): Set<string> {
  return new Set(doc.devices.flatMap((d) => (d.kind === 'vm' && d.vm ? [d.vm.host] : [])));
}

export function buildVmHost(doc: NetworkDocument, host: DeviceDoc, ctx: SimContext, interfaces: RouterInterface[], routes: StaticRoute[]): VmHost {
  const guests = guestsOf(doc.devices, host.id);
  const using = (mode: VmMode) => guests.filter((g) => g.vm!.mode === mode);
  return new VmHost(ctx, host.id, host.name, {
    interfaces, routes,
    nat: using('nat').length > 0,
    hostOnly: using('host-only').length > 0,
    bridgedMacs: using('bridged').flatMap((g) => g.interfaces[0]?.mac ?? []),
  });
}

/** Once every device is built: each host's virtual switch, its virtual cables, and the DHCP servers of its VM networks. */
export function wireVms(doc: NetworkDocument, devices: Map<string, Device>, ctx: SimContext): void {
  for (const hostDoc of doc.devices) {
    const host = devices.get(hostDoc.id);
    if (!(host instanceof VmHost)) continue;
    const vswitch = new VirtualSwitch(ctx, virtualSwitchId(host.id), virtualSwitchName(host.name));
    devices.set(vswitch.id, vswitch);
    const guests = guestsOf(doc.devices, host.id);
    const uplinks: Record<VmMode, () => Nic | undefined> = {
      nat: () => host.nics.get(NAT_NETWORK.interfaceName),
      'host-only': () => host.nics.get(HOST_ONLY_NETWORK.interfaceName),
      bridged: () => host.bridgeTrunk,
    };
    const uplinkNames: Record<VmMode, string> = { nat: NAT_NETWORK.interfaceName, 'host-only': HOST_ONLY_NETWORK.interfaceName, bridged: hostDoc.interfaces[0].name };
    for (const mode of new Set(guests.map((g) => g.vm!.mode))) {
      plugVirtual(`${host.id}/${mode === 'bridged' ? BRIDGE_TRUNK : uplinkNames[mode]}`, uplinks[mode]()!, vswitch.addPort(mode, uplinkNames[mode]));
    }
    guests.forEach((guestDoc, i) => {
      const port = vswitch.addPort(guestDoc.vm!.mode, `vnet${i}`);
      plugVirtual(`${host.id}/vnet${i}`, devices.get(guestDoc.id)!.nics.get(VM_INTERFACE)!, port);
    });
    host.attachGuests(vswitch, guests.map((g) => devices.get(g.id)!));
    const scopes = host.vmDhcpScopes();
    if (scopes.length > 0) host.startDhcpServer(scopes);
  }
}

function plugVirtual(id: string, a: Nic, b: Nic): void {
  const cable: Cable = { id, ...VIRTUAL_CABLE };
  a.plug(cable, b);
  b.plug(cable, a);
}

/** The names of the virtual parts, for reasons a learner reads. */
export function virtualPartNames(doc: NetworkDocument): [string, string][] {
  const hosts = vmHostIds(doc);
  return doc.devices.filter((d) => d.kind === 'computer' && hosts.has(d.id)).map((host) => [virtualSwitchId(host.id), virtualSwitchName(host.name)]);
}
