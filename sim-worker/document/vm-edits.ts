/**
 * Edits for virtual machines, pure functions over the document like edits.ts:
 * a VM is added inside a computer and its network mode can change. Removing
 * a host removes its VMs (edits.removeDevice).
 *
 * A VM's `position` is relative to its host's node: the canvas draws it as a
 * child of the host (React Flow's `parentId`), so it moves with the host.
 */
import { createDevice, type Edit } from './edits';
import { noDeviceProblem } from './rules';
import type { NetworkDocument, Position, VmMode } from './schema';
import { joinedAddressProblem } from './address-realms';
import { guestsOf, isVmMode, VM_MODE_INFO, VM_NEEDS_HOST, vmModeProblem } from './vm-rules';

/** Where the first VM sits under its host, and how far apart VMs sit (the canvas's node size plus a gap). */
export const VM_FIRST_SLOT: Position = { x: 0, y: 150 };
export const VM_SLOT_STEP = 132;

/**
 * Adds a VM (VM-1, VM-2…) inside the computer `hostId`, with one virtual card
 * eth0 with a fresh MAC that takes its address by DHCP: whichever the mode,
 * there is a DHCP server to ask (the host's own in NAT and host-only modes).
 */
export function addVm(doc: NetworkDocument, hostId: string, mode: VmMode = 'nat'): Edit<{ deviceId: string }> {
  const host = doc.devices.find((d) => d.id === hostId);
  if (!host) return { ok: false, error: noDeviceProblem(hostId) };
  if (host.kind !== 'computer') return { ok: false, error: `${host.name} is a ${host.kind}. ${VM_NEEDS_HOST}` };
  if (!isVmMode(mode)) return { ok: false, error: vmModeProblem(mode) };
  const slot = guestsOf(doc.devices, hostId).length;
  const created = createDevice(doc, 'vm', { x: VM_FIRST_SLOT.x + slot * VM_SLOT_STEP, y: VM_FIRST_SLOT.y });
  if (!created.ok) return created;
  const devices = created.doc.devices.map((d) =>
    d.id === created.deviceId ? { ...d, vm: { host: hostId, mode }, interfaces: d.interfaces.map((i) => ({ ...i, addressing: 'dhcp' as const })) } : d,
  );
  return { ok: true, doc: { ...created.doc, devices }, deviceId: created.deviceId };
}

/** Switches a VM to another network mode; its address settings stay as they are. */
export function setVmMode(doc: NetworkDocument, vmId: string, mode: VmMode): Edit {
  const vm = doc.devices.find((d) => d.id === vmId);
  if (!vm) return { ok: false, error: noDeviceProblem(vmId) };
  if (vm.kind !== 'vm' || !vm.vm) return { ok: false, error: `${vm.name} is a ${vm.kind}, not a VM: only a VM has a network mode` };
  if (!isVmMode(mode)) return { ok: false, error: vmModeProblem(mode) };
  if (vm.vm.mode === mode) return { ok: true, doc };
  const updated = { ...vm, vm: { ...vm.vm, mode } };
  const next = { ...doc, devices: doc.devices.map((d) => (d === vm ? updated : d)) };
  const clash = joinedAddressProblem(next, `${VM_MODE_INFO[mode].label} mode`);
  return clash ? { ok: false, error: clash } : { ok: true, doc: next };
}
