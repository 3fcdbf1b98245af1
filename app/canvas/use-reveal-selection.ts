import { useEffect } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useDocumentStore } from '../store/document-store';
import { NODE_SIZE_ESTIMATE } from './flow-model';

/** Keep at least this much of a selected device inside the visible canvas. */
const MARGIN = 40;
/** Zooming out further than this to show everything makes names unreadable; pan instead. */
const MIN_READABLE_ZOOM = 0.6;
const DURATION = 250;

/**
 * When a device becomes selected somewhere other than the canvas (added from the
 * palette, chosen in the inspector) and it is out of view, bring it into view:
 * zoom out to show the whole network if it still reads well, else pan to it.
 */
export function useRevealSelection(selectedDeviceId: string | null): void {
  const { getViewport, setCenter, setViewport } = useReactFlow();
  const flowStore = useStoreApi();

  useEffect(() => {
    if (!selectedDeviceId) return;
    const devices = useDocumentStore.getState().doc.devices;
    const device = devices.find((d) => d.id === selectedDeviceId);
    if (!device) return;
    const { width, height } = flowStore.getState();
    if (width === 0 || height === 0) return;
    const { x, y, zoom } = getViewport();
    const left = device.position.x * zoom + x;
    const top = device.position.y * zoom + y;
    const right = left + NODE_SIZE_ESTIMATE.width * zoom;
    const bottom = top + NODE_SIZE_ESTIMATE.height * zoom;
    if (left >= MARGIN && top >= MARGIN && right <= width - MARGIN && bottom <= height - MARGIN) return;

    const minX = Math.min(...devices.map((d) => d.position.x));
    const minY = Math.min(...devices.map((d) => d.position.y));
    const maxX = Math.max(...devices.map((d) => d.position.x)) + NODE_SIZE_ESTIMATE.width;
    const maxY = Math.max(...devices.map((d) => d.position.y)) + NODE_SIZE_ESTIMATE.height;
    const fitZoom = Math.min(zoom, (width - 2 * MARGIN) / (maxX - minX), (height - 2 * MARGIN) / (maxY - minY));
    if (fitZoom >= MIN_READABLE_ZOOM) {
      void setViewport(
        { x: (width - (maxX - minX) * fitZoom) / 2 - minX * fitZoom, y: (height - (maxY - minY) * fitZoom) / 2 - minY * fitZoom, zoom: fitZoom },
        { duration: DURATION },
      );
    } else {
      void setCenter(device.position.x + NODE_SIZE_ESTIMATE.width / 2, device.position.y + NODE_SIZE_ESTIMATE.height / 2, { zoom, duration: DURATION });
    }
  }, [selectedDeviceId, getViewport, setCenter, setViewport, flowStore]);
}
