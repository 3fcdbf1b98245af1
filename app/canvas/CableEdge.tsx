/**
 * A cable: a straight line between the borders of its two devices (not between
 * handles, so it never crosses a device), with each end's interface name
 * printed just outside the device it plugs into. A cable cut as of the
 * playback position is drawn dashed and red, with a scissors mark in the middle.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';
import { useCableCutAtCursor } from '../store/hardware-state';
import type { CableEdge as CableEdgeType } from './flow-model';

interface Point {
  x: number;
  y: number;
}

/** Gap between cables that join the same two devices. */
const PARALLEL_GAP = 16;
/** How far from the device's border the interface name sits. */
const LABEL_DISTANCE = 24;
/** Below this length (flow px) the two names would collide. */
const SHORT_CABLE = 120;

function centreOf(node: InternalNode): Point | null {
  const width = node.measured.width;
  const height = node.measured.height;
  if (width === undefined || height === undefined) return null;
  return { x: node.internals.positionAbsolute.x + width / 2, y: node.internals.positionAbsolute.y + height / 2 };
}

/** Where the ray from the box's centre in direction (dx, dy) leaves the box. */
function borderPoint(centre: Point, halfWidth: number, halfHeight: number, dx: number, dy: number): Point {
  const scale = Math.min(dx === 0 ? Infinity : halfWidth / Math.abs(dx), dy === 0 ? Infinity : halfHeight / Math.abs(dy));
  return Number.isFinite(scale) ? { x: centre.x + dx * scale, y: centre.y + dy * scale } : centre;
}

function CableEdgeComponent({ id, source, target, data, selected, style, interactionWidth }: EdgeProps<CableEdgeType>) {
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const cut = useCableCutAtCursor(id);
  if (!sourceNode || !targetNode || !data) return null;
  const from = centreOf(sourceNode);
  const to = centreOf(targetNode);
  if (!from || !to) return null;

  let dx = to.x - from.x;
  let dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  dx /= length;
  dy /= length;

  // Offset side by side cables along the normal of a direction that does not
  // depend on which end is "a", so two cables a→b and b→a still separate.
  const flip = source < target ? 1 : -1;
  const offset = (data.parallelIndex - (data.parallelCount - 1) / 2) * PARALLEL_GAP * flip;
  const normal = { x: -dy * offset, y: dx * offset };
  const fromShifted = { x: from.x + normal.x, y: from.y + normal.y };
  const toShifted = { x: to.x + normal.x, y: to.y + normal.y };

  const start = borderPoint(fromShifted, (sourceNode.measured.width ?? 0) / 2, (sourceNode.measured.height ?? 0) / 2, dx, dy);
  const end = borderPoint(toShifted, (targetNode.measured.width ?? 0) / 2, (targetNode.measured.height ?? 0) / 2, -dx, -dy);
  const path = `M ${start.x},${start.y} L ${end.x},${end.y}`;
  const span = Math.hypot(end.x - start.x, end.y - start.y);
  const aLabel = { x: start.x + dx * LABEL_DISTANCE, y: start.y + dy * LABEL_DISTANCE };
  const bLabel = { x: end.x - dx * LABEL_DISTANCE, y: end.y - dy * LABEL_DISTANCE };
  const portClass = `cable-port${selected ? ' is-selected' : ''}`;
  const aReadsFirst = Math.abs(dx) >= Math.abs(dy) ? start.x <= end.x : start.y <= end.y;

  return (
    <>
      <BaseEdge id={id} path={path} style={style} interactionWidth={interactionWidth ?? 16} className={`cable${selected ? ' is-selected' : ''}${cut ? ' is-cut' : ''}`} />
      <EdgeLabelRenderer>
        {cut && (
          <div className="cable-cut-mark" style={{ transform: `translate(-50%, -50%) translate(${(start.x + end.x) / 2}px, ${(start.y + end.y) / 2}px)` }} title="This cable is cut">
            <span aria-hidden="true">✂</span> cut
          </div>
        )}
        {span < SHORT_CABLE ? (
          // Too short for a name at each end: one label in the middle, read left to right (or top to bottom).
          <div className={portClass} style={{ transform: `translate(-50%, -50%) translate(${(start.x + end.x) / 2}px, ${(start.y + end.y) / 2}px)` }}>
            {aReadsFirst ? `${data.aInterface} ⟷ ${data.bInterface}` : `${data.bInterface} ⟷ ${data.aInterface}`}
          </div>
        ) : (
          <>
            <div className={portClass} style={{ transform: `translate(-50%, -50%) translate(${aLabel.x}px, ${aLabel.y}px)` }}>
              {data.aInterface}
            </div>
            <div className={portClass} style={{ transform: `translate(-50%, -50%) translate(${bLabel.x}px, ${bLabel.y}px)` }}>
              {data.bInterface}
            </div>
          </>
        )}
      </EdgeLabelRenderer>
    </>
  );
}

export const CableEdge = memo(CableEdgeComponent);
