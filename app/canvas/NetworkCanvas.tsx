/**
 * The canvas: the document drawn with React Flow. Nodes and edges are derived
 * from the document store; React Flow's change events come back as document
 * edits (move on drop, delete, connect) or selection-store updates. The only
 * state kept here is what the document must not hold: positions while a drag is
 * in flight (committed as one move when it ends, so a drag is one undo step)
 * and measured node sizes.
 */
import { useCallback, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
  type XYPosition,
} from '@xyflow/react';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import { connect, moveDevice, removeDevice, removeLink, type Edit } from '../../sim-worker/document/edits';
import { applyOrNotify, useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { FrameOverlay } from './FrameOverlay';
import { buildEdges, createNodeBuilder, NODE_SIZE_ESTIMATE, type CableEdge, type DeviceNode, type Size } from './flow-model';
import { edgeTypes, nodeTypes } from './node-types';
import { EmptyCanvas } from './EmptyCanvas';
import { addPaletteDevice, DEVICE_DRAG_TYPE, paletteItem } from '../palette/device-kinds';
import { openNetworkFile } from '../file/open-network';
import { useLeasedAddresses } from './use-leased-addresses';
import { useRevealSelection } from './use-reveal-selection';
import { selectableDevice } from './vm-layout';
import { addVm } from '../../sim-worker/document/vm-edits';
import { VM_NEEDS_HOST } from '../../sim-worker/document/vm-rules';

const DELETE_KEYS = ['Delete', 'Backspace'];
const FIT_VIEW_OPTIONS = { maxZoom: 1.2, padding: 0.25 };
const PRO_OPTIONS = { hideAttribution: false };
/** An empty network starts with the origin a little in from the corner, where the first device lands. */
const DEFAULT_VIEWPORT = { x: 96, y: 72, zoom: 1 };
const MINIMAP_STYLE = { width: 168, height: 112 };
/** A small network fits on screen; the overview only earns its corner on a big one. */
const MINIMAP_FROM_DEVICES = 12;

/** Runs several edits as one, so a compound change is one undo step. */
function chain(doc: NetworkDocument, steps: ((doc: NetworkDocument) => Edit<object> | null)[]): Edit<object> {
  let current = doc;
  for (const step of steps) {
    const result = step(current);
    if (result === null) continue;
    if (!result.ok) return result;
    current = result.doc;
  }
  return { ok: true, doc: current };
}

/** The computer under a drop: the node it landed on, or the host of the VM or frame it landed on. */
function addVmOnto(doc: NetworkDocument, point: { clientX: number; clientY: number }): Edit<{ deviceId: string }> {
  const node = document.elementsFromPoint(point.clientX, point.clientY).find((element) => element.closest('.react-flow__node'));
  const nodeId = node?.closest('.react-flow__node')?.getAttribute('data-id');
  const device = doc.devices.find((d) => d.id === (nodeId && selectableDevice(nodeId)));
  const host = device?.kind === 'vm' ? device.vm?.host : device?.kind === 'computer' ? device.id : undefined;
  return host === undefined ? { ok: false, error: VM_NEEDS_HOST } : addVm(doc, host);
}

function samePosition(a: XYPosition, b: XYPosition): boolean {
  return a.x === b.x && a.y === b.y;
}

export function NetworkCanvas() {
  const devices = useDocumentStore((s) => s.doc.devices);
  const links = useDocumentStore((s) => s.doc.links);
  const selectedDeviceId = useSelectionStore((s) => s.deviceId);
  const selectedLinkId = useSelectionStore((s) => s.linkId);
  const { screenToFlowPosition } = useReactFlow();

  const [dragPositions, setDragPositions] = useState<ReadonlyMap<string, XYPosition>>(() => new Map());
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const [buildNodes] = useState(createNodeBuilder);

  const leased = useLeasedAddresses(devices);
  const nodes = useMemo(
    () => buildNodes(devices, selectedDeviceId, dragPositions, measured, leased),
    [buildNodes, devices, selectedDeviceId, dragPositions, measured, leased],
  );
  const edges = useMemo(() => buildEdges(links, devices, selectedLinkId), [links, devices, selectedLinkId]);

  useRevealSelection(selectedDeviceId);

  const onNodesChange = useCallback((changes: NodeChange<DeviceNode>[]) => {
    const dragged = new Map<string, XYPosition>();
    const dropped = new Map<string, XYPosition>();
    const sizes = new Map<string, Size>();
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        // Whole pixels keep saved files tidy; nobody places a device at x = 398.33.
        const position = { x: Math.round(change.position.x), y: Math.round(change.position.y) };
        (change.dragging ? dragged : dropped).set(change.id, position);
      } else if (change.type === 'dimensions' && change.dimensions) {
        sizes.set(change.id, change.dimensions);
      } else if (change.type === 'select') {
        const selection = useSelectionStore.getState();
        if (change.selected) selection.selectDevice(change.id);
        else if (selection.deviceId === change.id) selection.selectDevice(null);
      }
      // 'remove' is handled by onDelete as one document edit; 'add' and 'replace' never come from the user.
    }

    if (sizes.size > 0) {
      setMeasured((old) => {
        let changed = false;
        const next = new Map(old);
        for (const [id, size] of sizes) {
          const before = old.get(id);
          if (before?.width === size.width && before?.height === size.height) continue;
          next.set(id, size);
          changed = true;
        }
        return changed ? next : old;
      });
    }
    if (dragged.size > 0) {
      setDragPositions((old) => {
        const next = new Map(old);
        for (const [id, position] of dragged) next.set(id, position);
        return next;
      });
    }
    if (dropped.size > 0) {
      // The end of a drag (or an arrow-key nudge): one move edit for all the nodes moved.
      const doc = useDocumentStore.getState().doc;
      const moves = [...dropped].filter(([id, position]) => {
        const device = doc.devices.find((d) => d.id === id);
        return device && !samePosition(device.position, position);
      });
      if (moves.length > 0) applyOrNotify((current) => chain(current, moves.map(([id, position]) => (d) => moveDevice(d, id, position))));
      setDragPositions((old) => {
        if (![...dropped.keys()].some((id) => old.has(id))) return old;
        const next = new Map(old);
        for (const id of dropped.keys()) next.delete(id);
        return next;
      });
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CableEdge>[]) => {
    for (const change of changes) {
      if (change.type !== 'select') continue;
      const selection = useSelectionStore.getState();
      if (change.selected) selection.selectLink(change.id);
      else if (selection.linkId === change.id) selection.selectLink(null);
    }
  }, []);

  const onDelete: OnDelete<DeviceNode, CableEdge> = useCallback(({ nodes: deletedNodes, edges: deletedEdges }) => {
    const linkIds = deletedEdges.map((e) => e.id);
    const deviceIds = deletedNodes.map((n) => n.id);
    applyOrNotify((doc) =>
      chain(doc, [
        // Removing a device also unplugs its cables, so skip links already gone.
        ...linkIds.map((id) => (d: NetworkDocument) => (d.links.some((l) => l.id === id) ? removeLink(d, id) : null)),
        // Removing a host also removes its VMs, so skip devices already gone.
        ...deviceIds.map((id) => (d: NetworkDocument) => (d.devices.some((device) => device.id === id) ? removeDevice(d, id) : null)),
      ]),
    );
    const selection = useSelectionStore.getState();
    if (selection.deviceId && deviceIds.includes(selection.deviceId)) selection.selectDevice(null);
    if (selection.linkId && linkIds.includes(selection.linkId)) selection.selectLink(null);
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    applyOrNotify((doc) => connect(doc, { device: connection.source }, { device: connection.target }));
  }, []);

  const isValidConnection = useCallback((connection: { source: string; target: string }) => connection.source !== connection.target, []);

  const onPaneClick = useCallback(() => {
    const selection = useSelectionStore.getState();
    if (selection.deviceId) selection.selectDevice(null);
    if (selection.linkId) selection.selectLink(null);
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (types.includes(DEVICE_DRAG_TYPE) || types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = paletteItem(event.dataTransfer.getData(DEVICE_DRAG_TYPE));
      if (item) {
        event.preventDefault();
        const pointer = screenToFlowPosition({ x: event.clientX, y: event.clientY });
        const position = {
          x: Math.round(pointer.x - NODE_SIZE_ESTIMATE.width / 2),
          y: Math.round(pointer.y - NODE_SIZE_ESTIMATE.height / 2),
        };
        let added: string | undefined;
        applyOrNotify((doc) => {
          // A VM lands inside the computer it is dropped onto (or onto one of its VMs, or its frame).
          const result = item.kind === 'vm' ? addVmOnto(doc, event) : addPaletteDevice(doc, item, position);
          if (result.ok) added = result.deviceId;
          return result;
        });
        if (added) useSelectionStore.getState().selectDevice(added);
        return;
      }
      const file = event.dataTransfer.files[0];
      if (file) {
        event.preventDefault();
        void openNetworkFile(file);
      }
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<DeviceNode, CableEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onPaneClick={onPaneClick}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        fitView
        defaultViewport={DEFAULT_VIEWPORT}
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.25}
        maxZoom={2.5}
        proOptions={PRO_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} color="#c5ccd6" />
        <Controls showInteractive={false} position="bottom-left" />
        {devices.length >= MINIMAP_FROM_DEVICES && (
          <MiniMap position="bottom-right" style={MINIMAP_STYLE} pannable zoomable ariaLabel="Overview of the network" nodeBorderRadius={8} />
        )}
        <FrameOverlay />
      </ReactFlow>
      {devices.length === 0 && <EmptyCanvas />}
    </div>
  );
}
