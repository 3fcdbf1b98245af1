import { useEffect } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useDocumentStore } from '../store/document-store';
import { NODE_SIZE_ESTIMATE } from './flow-model';

/** Keep at least this much of a selected device inside the visible canvas. */
const MARGIN = 40;

/**
 * When a device becomes selected somewhere other than the canvas (added from the
 * palette, chosen in a list) and it is out of view, pan to it. The zoom stays.
 */
export function useRevealSelection(selectedDeviceId: string | null): void {
  const { getViewport, setCenter } = useReactFlow();
  const flowStore = useStoreApi();

  useEffect(() => {
    if (!selectedDeviceId) return;
    const device = useDocumentStore.getState().doc.devices.find((d) => d.id === selectedDeviceId);
    if (!device) return;
    const { width, height } = flowStore.getState();
    if (width === 0 || height === 0) return;
    const { x, y, zoom } = getViewport();
    const left = device.position.x * zoom + x;
    const top = device.position.y * zoom + y;
    const right = left + NODE_SIZE_ESTIMATE.width * zoom;
    const bottom = top + NODE_SIZE_ESTIMATE.height * zoom;
    if (left >= MARGIN && top >= MARGIN && right <= width - MARGIN && bottom <= height - MARGIN) return;
    void setCenter(device.position.x + NODE_SIZE_ESTIMATE.width / 2, device.position.y + NODE_SIZE_ESTIMATE.height / 2, { zoom, duration: 250 });
  }, [selectedDeviceId, getViewport, setCenter, flowStore]);
}
