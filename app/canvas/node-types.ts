/**
 * React Flow's component tables, defined once at module level: a new object on
 * each render would make React Flow remount every node and edge.
 */
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { CableEdge } from './CableEdge';
import { HostNode, RelayNode } from './DeviceNodes';
import { VirtualSwitchNode } from './VmNodes';

export const nodeTypes: NodeTypes = { host: HostNode, relay: RelayNode, vswitch: VirtualSwitchNode };
export const edgeTypes: EdgeTypes = { cable: CableEdge };
