/**
 * The document seen as React Flow nodes and edges. Pure functions plus a small
 * cache, so an unchanged device keeps the same node object (and an unchanged
 * cable the same edge object) from one render to the next: React Flow then
 * skips it, and memoised node components do not re-render.
 */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { DeviceDoc, DeviceKind, LinkDoc } from '../../sim-worker/document/schema';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';

export interface DeviceNodeData extends Record<string, unknown> {
  kind: DeviceKind;
  name: string;
  /** What the node shows under the name: the computer's address, or null for "no address". Undefined: show nothing. */
  address?: string | null;
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

function nodeData(device: DeviceDoc): DeviceNodeData {
  const address = device.kind === 'computer' ? (device.interfaces[0]?.ipv4 ?? null) : undefined;
  return { kind: device.kind, name: device.name, address };
}

function sameData(a: DeviceNodeData, b: DeviceNodeData): boolean {
  return a.kind === b.kind && a.name === b.name && a.address === b.address;
}

interface NodeInputs {
  device: DeviceDoc;
  selected: boolean;
  position: XYPosition;
  measured: Size | undefined;
  node: DeviceNode;
}

/**
 * Returns a function from the document's devices (plus UI state: selection,
 * positions while a drag is in flight, measured sizes) to nodes, reusing each
 * node whose inputs did not change.
 */
export function createNodeBuilder() {
  let previous = new Map<string, NodeInputs>();

  return function buildNodes(
    devices: readonly DeviceDoc[],
    selectedId: string | null,
    dragPositions: ReadonlyMap<string, XYPosition>,
    measured: ReadonlyMap<string, Size>,
  ): DeviceNode[] {
    const next = new Map<string, NodeInputs>();
    const nodes = devices.map((device) => {
      const selected = device.id === selectedId;
      const position = dragPositions.get(device.id) ?? device.position;
      const size = measured.get(device.id);
      const old = previous.get(device.id);
      if (old && old.device === device && old.selected === selected && old.position === position && old.measured === size) {
        next.set(device.id, old);
        return old.node;
      }
      const data = old && sameData(old.node.data, nodeData(device)) ? old.node.data : nodeData(device);
      const node: DeviceNode = {
        id: device.id,
        type: DEVICE_KIND_INFO[device.kind].family,
        position,
        data,
        selected,
        ariaLabel: device.name,
        ...(size ? { measured: size } : {}),
      };
      next.set(device.id, { device, selected, position, measured: size, node });
      return node;
    });
    previous = next;
    return nodes;
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
