/**
 * The bar between the canvas and the trace panels: drag it, or focus it and use
 * the arrow keys, to give the event list and OSI view more or less height.
 * The height is remembered in this browser.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

const STORAGE_KEY = 'flintnet.layout.bottomHeight';
/** About 300px on a laptop screen, less on a short one so the canvas keeps room. */
function defaultHeight(): number {
  return Math.round(Math.min(320, Math.max(220, window.innerHeight * 0.34)));
}
const BOTTOM_MIN = 140;
/** The canvas keeps at least this much height. */
const CANVAS_MIN = 220;
const STEP = 24;

function maxHeight(): number {
  return Math.max(BOTTOM_MIN, window.innerHeight - CANVAS_MIN - 56);
}

function clamp(height: number): number {
  return Math.round(Math.min(maxHeight(), Math.max(BOTTOM_MIN, height)));
}

function storedHeight(): number {
  try {
    const stored = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(stored) && stored > 0 ? stored : defaultHeight();
  } catch {
    return defaultHeight();
  }
}

export function useBottomHeight(): [number, (height: number) => void] {
  const [height, setHeight] = useState(() => clamp(storedHeight()));

  useEffect(() => {
    const onResize = () => setHeight((h) => clamp(h));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const update = useCallback((next: number) => {
    const clamped = clamp(next);
    setHeight(clamped);
    try {
      localStorage.setItem(STORAGE_KEY, String(clamped));
    } catch {
      // Not remembering the height is harmless.
    }
  }, []);

  return [height, update];
}

export function Splitter({ height, onChange }: { height: number; onChange: (height: number) => void }) {
  const start = useRef<{ y: number; height: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { y: event.clientY, height };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    onChange(start.current.height + (start.current.y - event.clientY));
  };
  const onPointerUp = () => {
    start.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = { ArrowUp: STEP, ArrowDown: -STEP, PageUp: STEP * 4, PageDown: -STEP * 4 }[event.key];
    if (delta !== undefined) {
      event.preventDefault();
      onChange(height + delta);
    } else if (event.key === 'Home') {
      event.preventDefault();
      onChange(BOTTOM_MIN);
    } else if (event.key === 'End') {
      event.preventDefault();
      onChange(maxHeight());
    }
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the trace panels"
      aria-valuenow={height}
      aria-valuemin={BOTTOM_MIN}
      aria-valuemax={maxHeight()}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => onChange(defaultHeight())}
    >
      <span className="splitter__grip" aria-hidden="true" />
    </div>
  );
}
