/**
 * What a computer with VMs adds to the canvas (vm-layout.ts): the group frame
 * the host paints behind itself, and the small virtual switch between the
 * host and its VMs, where the virtual switch's trace events are drawn.
 */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { DEVICE_ICONS } from '../ui/icons';
import type { DeviceNode } from './flow-model';
import type { Box } from './vm-layout';
import './vm-nodes.css';

/** Behind the host node, so a click on the frame selects the host and a VM dropped on it lands in the host. */
export function VmHostGroup({ box, hostName }: { box: Box; hostName: string }) {
  return (
    <div className="vm-host-group" style={{ left: box.x, top: box.y, width: box.width, height: box.height }} aria-hidden="true">
      <span className="vm-host-group__caption">{hostName} and its VMs</span>
    </div>
  );
}

function VirtualSwitchNodeComponent({ data }: NodeProps<DeviceNode>) {
  const Icon = DEVICE_ICONS.switch;
  return (
    <div className="vswitch-node" title={`${data.name}: joins the VMs to ${data.name.replace(/ virtual switch$/, '')} by their network mode`}>
      <Icon size={16} />
      <span>virtual switch</span>
    </div>
  );
}

export const VirtualSwitchNode = memo(VirtualSwitchNodeComponent);
