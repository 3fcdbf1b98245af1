/**
 * The document seen as React Flow nodes and edges. Pure functions plus a small
 * cache, so an unchanged device keeps the same node object (and an unchanged
 * cable the same edge object) from one render to the next: React Flow then
 * skips it, and memoised node components do not re-render.
 */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { DeviceDoc, DeviceKind, LinkDoc } from '../../sim-worker/document/schema';
import { virtualSwitchId, virtualSwitchName } from '../../sim-worker/document/vm-rules';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { type Box, groupBox, guestsByHost, VSWITCH_POSITION, vmCaption } from './vm-layout';

export interface DeviceNodeData extends Record<string, unknown> {
  kind: DeviceKind;
  name: string;
  /** What the node shows under the name: the computer's address (null for "no address"), a VM's mode. Undefined: show nothing. */
  address?: string | null;
  /** A host with VMs: the frame around it, its virtual switch and its VMs, relative to the host node (vm-layout.ts). */
  group?: Box;
}

export type DeviceNode = Node<DeviceNodeData>;

export interface CableEdgeData extends Record<string, unknown> {
  aInterface: string;
  bInterface: string;
  /** Cables between the same two devices are drawn side by side: this one's place among them. */
  parallelIndex: number;
  parallelCount: number;
}

export type CableEdge = Edge<CableEdgeData>;

export interface Size {
  width: number;
  height: number;
}

/** Roughly the size of a device node, to centre a dropped device under the pointer. */
export const NODE_SIZE_ESTIMATE: Size = { width: 116, height: 88 };

function nodeData(device: DeviceDoc, group: Box | undefined, leased: string | undefined): DeviceNodeData {
  // A computer on DHCP has no address in the document: its caption is the address leased as of the event shown, or says where one will come from.
  const computerAddress = device.interfaces[0]?.addressing === 'dhcp' ? (leased ?? 'address by DHCP') : (device.interfaces[0]?.ipv4 ?? null);
  // A server draws as a computer does: its name over its address.
  const address = device.kind === 'computer' || device.kind === 'server' ? computerAddress : device.kind === 'vm' ? vmCaption(device) : undefined;
  return { kind: device.kind, name: device.name, address, ...(group && { group }) };
}

function sameBox(a: Box | undefined, b: Box | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);
}

function sameData(a: DeviceNodeData, b: DeviceNodeData): boolean {
  return a.kind === b.kind && a.name === b.name && a.address === b.address && sameBox(a.group, b.group);
}

interface NodeInputs {
  device: DeviceDoc;
  selected: boolean;
  position: XYPosition;
  measured: Size | undefined;
  group: Box | undefined;
  leased: string | undefined;
  node: DeviceNode;
}

/**
 * Returns a function from the document's devices (plus UI state: selection,
 * positions while a drag is in flight, measured sizes) to nodes, reusing each
 * node whose inputs did not change.
 */
export function createNodeBuilder() {
  let previous = new Map<string, NodeInputs>();
  let switches = new Map<string, DeviceNode>();

  return function buildNodes(
    devices: readonly DeviceDoc[],
    selectedId: string | null,
    dragPositions: ReadonlyMap<string, XYPosition>,
    measured: ReadonlyMap<string, Size>,
    /** The address leased to each device on DHCP, as of the event shown. */
    leasedAddresses: Readonly<Record<string, string>> = {},
  ): DeviceNode[] {
    const next = new Map<string, NodeInputs>();
    const guests = guestsByHost(devices);
    const positionOf = (d: DeviceDoc) => dragPositions.get(d.id) ?? d.position;
    const sizeOf = (d: DeviceDoc) => measured.get(d.id) ?? NODE_SIZE_ESTIMATE;
    const nodes = devices.map((device) => {
      const selected = device.id === selectedId;
      const position = positionOf(device);
      const size = measured.get(device.id);
      const old = previous.get(device.id);
      const hosted = guests.get(device.id);
      const group = hosted && groupBox(sizeOf(device), hosted, positionOf, sizeOf);
      const leased = leasedAddresses[device.id];
      if (old && old.device === device && old.selected === selected && old.position === position && old.measured === size && sameBox(old.group, group) && old.leased === leased) {
        next.set(device.id, old);
        return old.node;
      }
      const fresh = nodeData(device, group, leased);
      const data = old && sameData(old.node.data, fresh) ? old.node.data : fresh;
      const node: DeviceNode = {
        id: device.id,
        type: DEVICE_KIND_INFO[device.kind].family,
        position,
        data,
        selected,
        ariaLabel: device.name,
        // A VM is drawn inside its host and moves with it; its position is relative to the host.
        ...(device.vm ? { parentId: device.vm.host } : {}),
        ...(size ? { measured: size } : {}),
      };
      next.set(device.id, { device, selected, position, measured: size, group, leased, node });
      return node;
    });
    previous = next;
    const nextSwitches = new Map<string, DeviceNode>();
    for (const host of devices) {
      if (!guests.has(host.id)) continue;
      const old = switches.get(host.id);
      nextSwitches.set(host.id, old?.data.name === virtualSwitchName(host.name) ? old : virtualSwitchNode(host));
    }
    switches = nextSwitches;
    // React Flow needs a parent before its children.
    return [...nodes.filter((n) => !n.parentId), ...switches.values(), ...nodes.filter((n) => n.parentId)];
  };
}

/** The small virtual switch inside a host's group, under the engine's id for it so its trace events land on it. */
function virtualSwitchNode(host: DeviceDoc): DeviceNode {
  const name = virtualSwitchName(host.name);
  return {
    id: virtualSwitchId(host.id), type: 'vswitch', parentId: host.id, position: VSWITCH_POSITION,
    data: { kind: 'switch', name }, ariaLabel: name, selectable: false, draggable: false, deletable: false, connectable: false, focusable: false,
  };
}

function pairKey(link: LinkDoc): string {
  return link.a.device < link.b.device ? `${link.a.device}\u0000${link.b.device}` : `${link.b.device}\u0000${link.a.device}`;
}

export function cableLabel(link: LinkDoc, nameOf: (deviceId: string) => string): string {
  return `Cable ${nameOf(link.a.device)} ${link.a.interface} to ${nameOf(link.b.device)} ${link.b.interface}`;
}

/** One edge per link, from end a to end b; selection mirrors the selection store. */
export function buildEdges(links: readonly LinkDoc[], devices: readonly DeviceDoc[], selectedId: string | null): CableEdge[] {
  const names = new Map(devices.map((d) => [d.id, d.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const pairs = new Map<string, number>();
  for (const link of links) pairs.set(pairKey(link), (pairs.get(pairKey(link)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return links.map((link) => {
    const key = pairKey(link);
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    return {
      id: link.id,
      type: 'cable',
      source: link.a.device,
      target: link.b.device,
      selected: link.id === selectedId,
      ariaLabel: cableLabel(link, nameOf),
      data: { aInterface: link.a.interface, bInterface: link.b.interface, parallelIndex: index, parallelCount: pairs.get(key) ?? 1 },
    };
  });
}
