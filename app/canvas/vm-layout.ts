/**
 * How a computer with VMs is drawn: its VMs are React Flow child nodes of
 * the host (their document positions are relative to it), with a small
 * virtual switch node between them and the host, and a group frame around
 * all of it that the host node paints behind itself. The virtual switch
 * node has the engine's id for it ("pc-1/vswitch"), so its trace events
 * land on it; anything else virtual is named after its host.
 */
import type { XYPosition } from '@xyflow/react';
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { hostOfVirtualPart, VM_MODE_INFO, virtualSwitchName } from '../../sim-worker/document/vm-rules';
import { VM_FIRST_SLOT } from '../../sim-worker/document/vm-edits';
import type { Size } from './flow-model';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The virtual switch sits between the host and its VMs, relative to the host. */
export const VSWITCH_POSITION: XYPosition = { x: 0, y: Math.round(VM_FIRST_SLOT.y * 0.62) };
export const VSWITCH_SIZE: Size = { width: 132, height: 30 };
/** Room around the host and its VMs inside the group frame, and for the frame's caption. */
const GROUP_PADDING = 14;
const CAPTION = 18;

/** Each host's VMs, in document order. */
export function guestsByHost(devices: readonly DeviceDoc[]): Map<string, DeviceDoc[]> {
  const guests = new Map<string, DeviceDoc[]>();
  for (const device of devices) {
    if (!device.vm) continue;
    const list = guests.get(device.vm.host) ?? [];
    list.push(device);
    guests.set(device.vm.host, list);
  }
  return guests;
}

/** The group frame around a host, its virtual switch and its VMs, relative to the host node. */
export function groupBox(hostSize: Size, guests: readonly DeviceDoc[], positionOf: (vm: DeviceDoc) => XYPosition, sizeOf: (vm: DeviceDoc) => Size): Box {
  const boxes: Box[] = [
    { x: 0, y: 0, ...hostSize },
    { ...VSWITCH_POSITION, ...VSWITCH_SIZE },
    ...guests.map((vm) => ({ ...positionOf(vm), ...sizeOf(vm) })),
  ];
  const left = Math.min(...boxes.map((b) => b.x)) - GROUP_PADDING;
  const top = Math.min(...boxes.map((b) => b.y)) - GROUP_PADDING - CAPTION;
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + GROUP_PADDING;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + GROUP_PADDING;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** What a VM node shows under its name: its mode. */
export function vmCaption(vm: DeviceDoc): string {
  return vm.vm ? `${VM_MODE_INFO[vm.vm.mode].label} mode` : 'VM';
}

/** A device's name for the event list and the OSI view, virtual parts included ("PC-1 virtual switch"). */
export function deviceLabel(devices: readonly DeviceDoc[], id: string): string {
  const device = devices.find((d) => d.id === id);
  if (device) return device.name;
  const host = hostOfVirtualPart(id);
  const hostDevice = host === undefined ? undefined : devices.find((d) => d.id === host);
  return hostDevice ? virtualSwitchName(hostDevice.name) : id;
}

/** The device to select for an id from the trace: a virtual part selects its host. */
export function selectableDevice(id: string): string {
  return hostOfVirtualPart(id) ?? id;
}
