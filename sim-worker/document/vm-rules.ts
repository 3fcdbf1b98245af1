/**
 * The rules of virtual machines in the document: a VM runs inside a computer
 * (its host), is wired by its network mode and never by cable, and has one
 * virtual network card, eth0. validate.ts and vm-edits.ts both use these, so
 * both refuse the same things in the same words. Also the names the engine
 * gives a host's virtual parts, which the app maps back to the host.
 */
import { describe, expected, isObject, own } from './json-reading';
import { type DeviceKind, VM_MODES, type VmDoc, type VmMode } from './schema';

/** What each mode does, in one line, for the inspector and for messages. */
export const VM_MODE_INFO: Record<VmMode, { label: string; explanation: string }> = {
  nat: {
    label: 'NAT',
    explanation: 'Behind its host: a private network 192.168.122.0/24 the host serves by DHCP, going out with the host’s own address. It reaches the LAN and beyond; nothing on the LAN can reach it.',
  },
  bridged: {
    label: 'Bridged',
    explanation: 'Straight onto the host’s LAN through the host’s network card, as one more machine there: it takes its address from the LAN’s DHCP server and everyone can reach it.',
  },
  'host-only': {
    label: 'Host-only',
    explanation: 'On a private network 192.168.56.0/24 with its host and the host’s other host-only VMs, and nothing else: no way out.',
  },
};

export const VM_NEEDS_HOST = 'A VM runs inside a computer: drop it onto one';

/** The one interface a VM has. */
export const VM_INTERFACE = 'eth0';

// ---- The host's virtual parts, as the engine names them

/**
 * The virtual switch the engine builds inside a host with VMs. Its id is the
 * host's plus a suffix no document id can clash with in meaning ("pc-1/vswitch");
 * the canvas draws it as a small node inside the host's group, under that id.
 */
export function virtualSwitchId(hostId: string): string {
  return `${hostId}/vswitch`;
}

export function virtualSwitchName(hostName: string): string {
  return `${hostName} virtual switch`;
}

/** The host a virtual part belongs to, or undefined for an id that names no virtual part. */
export function hostOfVirtualPart(id: string): string | undefined {
  return id.endsWith('/vswitch') ? id.slice(0, -'/vswitch'.length) : undefined;
}

// ---- Problems

export function vmCableProblem(vmName: string): string {
  return `${vmName} is a VM: it takes no cable. Its network mode wires it through its host (choose NAT, bridged or host-only)`;
}

export function vmHostProblem(vmName: string, host: string, found: { kind: DeviceKind; name: string } | undefined): string {
  if (found === undefined) return `${vmName} runs inside "${host}", but there is no device with that id: a VM needs a computer to run on`;
  return `${vmName} runs inside ${found.name}, which is a ${found.kind}: only a computer can host VMs`;
}

export function noVmFieldProblem(deviceName: string, kind: DeviceKind): string {
  return `${deviceName} is a ${kind}: only a VM has a "vm" field (its host and network mode)`;
}

export function vmModeProblem(found: unknown): string {
  return expected('"mode"', `one of ${VM_MODES.map((m) => `"${m}"`).join(', ')}`, found);
}

/** A VM has exactly one interface, eth0. */
export function vmInterfacesProblem(vmName: string, names: readonly unknown[]): string | undefined {
  if (names.length === 1 && names[0] === VM_INTERFACE) return undefined;
  return `${vmName} is a VM: it has exactly one network card, "${VM_INTERFACE}" (it has ${names.length === 0 ? 'none' : names.map((n) => (typeof n === 'string' ? `"${n}"` : describe(n))).join(', ')})`;
}

export function isVmMode(value: unknown): value is VmMode {
  return typeof value === 'string' && (VM_MODES as readonly string[]).includes(value);
}

/**
 * A device's "vm" field against its kind: required on a VM, refused on
 * anything else. Problems carry the path below the field ("" for the field itself).
 */
export function checkVmField(deviceName: string, kind: DeviceKind | undefined, value: unknown): { problems: { path: string; message: string }[]; clean?: VmDoc } {
  if (kind !== 'vm') {
    if (value === undefined || kind === undefined) return { problems: [] };
    return { problems: [{ path: '', message: noVmFieldProblem(deviceName, kind) }] };
  }
  if (!isObject(value)) return { problems: [{ path: '', message: expected('"vm"', 'its host and network mode, like {"host": "pc-1", "mode": "nat"}', value) }] };
  const host = own(value, 'host');
  const mode = own(value, 'mode');
  const problems: { path: string; message: string }[] = [];
  if (typeof host !== 'string' || host === '') problems.push({ path: 'host', message: expected('"host"', 'the id of the computer it runs inside, like "pc-1"', host) });
  if (!isVmMode(mode)) problems.push({ path: 'mode', message: vmModeProblem(mode) });
  return problems.length > 0 ? { problems } : { problems, clean: { host: host as string, mode: mode as VmMode } };
}

/** The VMs running inside a host, in document order. */
export function guestsOf<D extends { kind: DeviceKind; vm?: VmDoc }>(devices: readonly D[], hostId: string): D[] {
  return devices.filter((d) => d.kind === 'vm' && d.vm?.host === hostId);
}
