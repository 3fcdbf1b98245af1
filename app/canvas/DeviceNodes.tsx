/**
 * Canvas nodes, one component per device family. Each has a single connection
 * handle: drag from it to another device to plug in a cable. While a cable is
 * being dragged, every other device's handle grows to cover the whole device,
 * so dropping anywhere on it connects.
 */
import { memo } from 'react';
import { Handle, Position, useConnection, type NodeProps } from '@xyflow/react';
import { DEVICE_ICONS } from '../ui/icons';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { isHighlighted, useLessonStore } from '../lessons/lesson-store';
import { usePoweredOffAtCursor } from '../store/hardware-state';
import type { DeviceNode } from './flow-model';
import { VmHostGroup } from './VmNodes';

/** A boolean per node, so a node re-renders only when its own highlight turns on or off. */
function useLessonHighlight(name: string): string {
  return useLessonStore((s) => isHighlighted(s, name)) ? ' is-lesson-highlight' : '';
}

/** Dimmed, with "off" beside its name, while powered off as of the playback position. */
function usePowerClass(nodeId: string): string {
  return usePoweredOffAtCursor(nodeId) ? ' is-powered-off' : '';
}

function useIsDropTarget(nodeId: string): boolean {
  return useConnection((connection) => connection.inProgress && connection.fromNode.id !== nodeId);
}

function CableHandle({ nodeId }: { nodeId: string }) {
  const dropTarget = useIsDropTarget(nodeId);
  return (
    <Handle
      type="source"
      position={Position.Right}
      className={dropTarget ? 'device-handle device-handle--drop' : 'device-handle'}
      title="Drag to another device to plug in a cable"
    />
  );
}

function HostNodeComponent({ id, data, selected }: NodeProps<DeviceNode>) {
  const Icon = DEVICE_ICONS[data.kind];
  const highlight = useLessonHighlight(data.name);
  const power = usePowerClass(id);
  return (
    <div className={`device-node device-node--${data.kind}${selected ? ' is-selected' : ''}${highlight}${power}`}>
      {data.group && <VmHostGroup box={data.group} hostName={data.name} />}
      <span className="device-node__icon">
        <Icon size={26} />
      </span>
      <span className="device-node__text">
        <span className="device-node__name">{data.name}</span>
        {data.address === null ? (
          <span className="device-node__address is-muted">no address</span>
        ) : data.address !== undefined ? (
          <span className="device-node__address">{data.address}</span>
        ) : null}
      </span>
      {/* A VM takes no cable: its network mode wires it through its host. */}
      {data.kind !== 'vm' && <CableHandle nodeId={id} />}
    </div>
  );
}

function RelayNodeComponent({ id, data, selected }: NodeProps<DeviceNode>) {
  const Icon = DEVICE_ICONS[data.kind];
  const highlight = useLessonHighlight(data.name);
  const power = usePowerClass(id);
  return (
    <div className={`device-node device-node--relay device-node--${data.kind}${selected ? ' is-selected' : ''}${highlight}${power}`}>
      <span className="device-node__icon">
        <Icon size={26} />
      </span>
      <span className="device-node__text">
        <span className="device-node__name">{data.name}</span>
        <span className="device-node__kind">{DEVICE_KIND_INFO[data.kind].label}</span>
      </span>
      <CableHandle nodeId={id} />
    </div>
  );
}

/** Computers, servers and VMs: name and address. */
export const HostNode = memo(HostNodeComponent);
/** Switches and hubs: name and kind. */
export const RelayNode = memo(RelayNodeComponent);
