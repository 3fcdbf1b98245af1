/**
 * The one layer that animates frames on the canvas. It renders once; after
 * that it listens to the trace store and React Flow's store directly and moves
 * SVG elements through refs with requestAnimationFrame, so a moving frame never
 * re-renders the graph (DESIGN.md, "The UI").
 *
 * - a send (or forward/flood with a hop): a dot in the protocol's colour travels
 *   along the cable to the next device during the playback interval;
 * - a flood: a pulse around the device; a drop: a red ✕ at the device;
 * - a receive/deliver: a small pulse; every event: a ring around its device.
 */
import { useEffect, useRef } from 'react';
import { useStoreApi, ViewportPortal, type InternalNode } from '@xyflow/react';
import type { TraceEvent } from '../../sim-worker/api';
import { msPerEvent, selectCursorEvent, useTraceStore } from '../store/trace-store';
import { DROP_COLOR, protocolColor } from '../sim/protocol-colors';
import '../trace.css';

interface Point {
  x: number;
  y: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How long a frame takes to cross a cable when stepping by hand. */
const MANUAL_TRAVEL_MS = 650;
/** A pulse lasts as long as a frame's trip would, within these bounds. */
const PULSE_MIN_MS = 250;
const PULSE_MAX_MS = 1200;

function nodeBox(node: InternalNode | undefined): Box | null {
  if (!node) return null;
  const width = node.measured.width ?? node.width ?? 0;
  const height = node.measured.height ?? node.height ?? 0;
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, width, height };
}

function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Where the line from the box's centre towards `toward` leaves the box (plus a margin). */
function edgePoint(box: Box, toward: Point, margin = 6): Point {
  const c = centre(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const halfW = box.width / 2 + margin;
  const halfH = box.height / 2 + margin;
  const scale = Math.min(dx === 0 ? Infinity : halfW / Math.abs(dx), dy === 0 ? Infinity : halfH / Math.abs(dy), 1);
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

function easeInOut(p: number): number {
  return p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function FrameOverlay() {
  const flow = useStoreApi();
  const highlightRef = useRef<SVGRectElement>(null);
  const packetRef = useRef<SVGGElement>(null);
  const packetDotRef = useRef<SVGCircleElement>(null);
  const packetLabelRef = useRef<SVGTextElement>(null);
  const pulseRef = useRef<SVGRectElement>(null);
  const dropRef = useRef<SVGGElement>(null);

  useEffect(() => {
    let frame: number | null = null;
    let shown: TraceEvent | null = null;
    let startedAt = 0;
    let travelMs = MANUAL_TRAVEL_MS;

    const box = (deviceId: string) => nodeBox(flow.getState().nodeLookup.get(deviceId));

    function hide(element: SVGElement | null) {
      element?.setAttribute('visibility', 'hidden');
    }

    /** Ring around the event's device; follows the node while it is dragged. */
    function drawHighlight() {
      const ring = highlightRef.current;
      if (!ring) return;
      const b = shown ? box(shown.device) : null;
      if (!shown || !b) return hide(ring);
      const pad = 7;
      ring.setAttribute('x', String(b.x - pad));
      ring.setAttribute('y', String(b.y - pad));
      ring.setAttribute('width', String(b.width + 2 * pad));
      ring.setAttribute('height', String(b.height + 2 * pad));
      ring.setAttribute('stroke', shown.type === 'drop' ? DROP_COLOR : protocolColor(shown.protocol));
      ring.setAttribute('visibility', 'visible');
    }

    function drawDrop() {
      const mark = dropRef.current;
      if (!mark) return;
      const b = shown?.type === 'drop' ? box(shown.device) : null;
      if (!b) return hide(mark);
      mark.setAttribute('transform', `translate(${b.x + b.width} ${b.y})`);
      mark.setAttribute('visibility', 'visible');
    }

    /** One animation frame: where the travelling dot and the pulse are now. */
    function drawMotion(now: number): boolean {
      const event = shown;
      const elapsed = now - startedAt;
      let moving = false;

      const packet = packetRef.current;
      const from = event?.hop ? box(event.device) : null;
      const to = event?.hop ? box(event.hop.toDevice) : null;
      if (packet && event && from && to) {
        const start = edgePoint(from, centre(to));
        const end = edgePoint(to, centre(from));
        const reduced = prefersReducedMotion();
        const p = reduced ? 0.5 : Math.min(1, elapsed / travelMs);
        const e = easeInOut(p);
        packet.setAttribute('transform', `translate(${start.x + (end.x - start.x) * e} ${start.y + (end.y - start.y) * e})`);
        packet.setAttribute('visibility', 'visible');
        moving = !reduced && p < 1;
      } else {
        hide(packet);
      }

      const pulse = pulseRef.current;
      const at = event && (event.type === 'flood' || event.type === 'receive' || event.type === 'deliver') ? box(event.device) : null;
      const pulseMs = Math.min(PULSE_MAX_MS, Math.max(PULSE_MIN_MS, travelMs));
      if (pulse && event && at && !prefersReducedMotion() && elapsed < pulseMs) {
        const p = elapsed / pulseMs;
        // A flood rings out wide (every port); a delivery is a small glow.
        const grow = (event.type === 'flood' ? 40 : 14) * p + 4;
        pulse.setAttribute('x', String(at.x - grow));
        pulse.setAttribute('y', String(at.y - grow));
        pulse.setAttribute('width', String(at.width + 2 * grow));
        pulse.setAttribute('height', String(at.height + 2 * grow));
        pulse.setAttribute('rx', String(12 + grow / 2));
        pulse.setAttribute('stroke', protocolColor(event.protocol));
        pulse.setAttribute('stroke-width', event.type === 'flood' ? '4' : '2.5');
        pulse.setAttribute('opacity', String(1 - p));
        pulse.setAttribute('visibility', 'visible');
        moving = true;
      } else {
        hide(pulse);
      }
      return moving;
    }

    function loop(now: number) {
      frame = drawMotion(now) ? requestAnimationFrame(loop) : null;
    }

    function show(event: TraceEvent | null) {
      shown = event;
      const state = useTraceStore.getState();
      travelMs = state.playing ? Math.max(16, msPerEvent(state.speed) * 0.85) : MANUAL_TRAVEL_MS;
      startedAt = performance.now();
      const label = packetLabelRef.current;
      const dot = packetDotRef.current;
      if (event && label && dot) {
        label.textContent = event.protocol;
        dot.setAttribute('fill', protocolColor(event.protocol));
      }
      drawHighlight();
      drawDrop();
      if (frame === null) frame = requestAnimationFrame(loop);
    }

    /** React Flow moved something (pan, zoom, drag, measure): redraw what is standing still. */
    function redrawStill() {
      drawHighlight();
      drawDrop();
      if (frame === null) drawMotion(performance.now());
    }

    const stopTrace = useTraceStore.subscribe((state, previous) => {
      if (state.cursor !== previous.cursor || state.generation !== previous.generation) show(selectCursorEvent(state));
    });
    const stopFlow = flow.subscribe(redrawStill);
    show(selectCursorEvent(useTraceStore.getState()));
    return () => {
      stopTrace();
      stopFlow();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [flow]);

  return (
    <ViewportPortal>
      <svg className="frame-overlay" aria-hidden="true" width="1" height="1">
        <rect ref={highlightRef} className="frame-overlay__highlight" rx="12" visibility="hidden" />
        <rect ref={pulseRef} className="frame-overlay__pulse" visibility="hidden" />
        <g ref={dropRef} className="frame-overlay__drop" visibility="hidden">
          <circle r="11" fill={DROP_COLOR} />
          <path d="M -4.5 -4.5 L 4.5 4.5 M 4.5 -4.5 L -4.5 4.5" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
        </g>
        <g ref={packetRef} className="frame-overlay__packet" visibility="hidden">
          <circle ref={packetDotRef} r="8" stroke="#fff" strokeWidth="2" />
          <text ref={packetLabelRef} y="-13" textAnchor="middle" />
        </g>
      </svg>
    </ViewportPortal>
  );
}
