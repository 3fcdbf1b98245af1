/**
 * Every event of the trace as a table, one row per thing a device did.
 * Only the rows near the viewport are rendered (fixed row height, spacer rows
 * above and below), so a 20 000-event storm scrolls as smoothly as a ping.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type UIEvent } from 'react';
import type { TraceEvent } from '../../sim-worker/api';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { indexOfSeq, useTraceStore } from '../store/trace-store';
import { formatSimTime } from '../sim/format';
import { ProtocolBadge } from '../sim/ProtocolBadge';
import { selectableDevice } from '../canvas/vm-layout';
import { virtualSwitchId, virtualSwitchName } from '../../sim-worker/document/vm-rules';
import '../trace.css';

const ROW_HEIGHT = 28;
const OVERSCAN = 12;
const EMPTY_TEXT = 'No frames yet. Select a computer and ping another one.';

const TYPE_LABELS: Record<TraceEvent['type'], string> = {
  send: 'send',
  receive: 'receive',
  forward: 'forward',
  flood: 'flood',
  deliver: 'deliver',
  drop: 'drop',
  app: 'app',
  state: 'state',
};

function rowId(seq: number): string {
  return `trace-event-${seq}`;
}

function useDeviceNames(): ReadonlyMap<string, string> {
  const devices = useDocumentStore((s) => s.doc.devices);
  return useMemo(() => {
    const names = new Map(devices.map((d) => [d.id, d.name]));
    // A host's virtual switch is named after its host.
    for (const d of devices) if (d.kind === 'computer') names.set(virtualSwitchId(d.id), virtualSwitchName(d.name));
    return names;
  }, [devices]);
}

function ProtocolFilter() {
  const filter = useTraceStore((s) => s.filter);
  const setFilter = useTraceStore((s) => s.setFilter);
  const seen = useTraceStore((s) => s.protocols);
  const protocols = filter === null || seen.includes(filter) ? seen : [...seen, filter];
  return (
    <label className="trace-field">
      <span>Protocol</span>
      <select value={filter ?? ''} onChange={(e) => setFilter(e.target.value === '' ? null : e.target.value)}>
        <option value="">All</option>
        {protocols.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

export function EventList() {
  const events = useTraceStore((s) => s.events);
  const filter = useTraceStore((s) => s.filter);
  const cursor = useTraceStore((s) => s.cursor);
  const dropped = useTraceStore((s) => s.dropped);
  const names = useDeviceNames();

  const shown = useMemo(() => (filter === null ? events : events.filter((e) => e.protocol === filter)), [events, filter]);
  const selectedRow = indexOfSeq(shown, cursor);

  const scrollerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(400);
  const hasRows = shown.length > 0;

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const observer = new ResizeObserver(() => setViewportHeight(scroller.clientHeight));
    observer.observe(scroller);
    setViewportHeight(scroller.clientHeight);
    return () => observer.disconnect();
  }, [hasRows]);

  // A new or shorter list (a network loaded, a filter chosen) may leave the scroller nearer the top than the last scroll event said.
  useLayoutEffect(() => {
    if (scrollerRef.current) setScrollTop(scrollerRef.current.scrollTop);
  }, [hasRows, shown.length]);

  // Keep the selected row in view as playback or the keyboard moves it.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller || selectedRow === -1) return;
    const top = selectedRow * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    const visibleHeight = scroller.clientHeight - header;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + visibleHeight) scroller.scrollTop = top + ROW_HEIGHT - visibleHeight;
  }, [selectedRow]);

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);

  const choose = useCallback((event: TraceEvent) => {
    useTraceStore.getState().select(event.seq);
    useSelectionStore.getState().selectDevice(selectableDevice(event.device));
  }, []);

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLTableElement>) => {
      if (shown.length === 0) return;
      const page = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
      const moves: Record<string, number> = {
        ArrowDown: selectedRow === -1 ? 0 : selectedRow + 1,
        ArrowUp: selectedRow === -1 ? 0 : selectedRow - 1,
        PageDown: selectedRow + page,
        PageUp: selectedRow - page,
        Home: 0,
        End: shown.length - 1,
      };
      if (!(e.key in moves)) return;
      e.preventDefault();
      // Arrow keys here move the selection, not playback.
      e.stopPropagation();
      const row = Math.min(shown.length - 1, Math.max(0, moves[e.key]));
      choose(shown[row]);
    },
    [shown, selectedRow, viewportHeight, choose],
  );

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT) + OVERSCAN);
  const rows = shown.slice(first, last);

  return (
    <section aria-label="Events" className="event-list">
      <header className="trace-panel__header">
        <h2 className="trace-panel__title">Events</h2>
        <span className="event-list__count">
          {filter === null ? `${events.length.toLocaleString('en-US')} events` : `${shown.length.toLocaleString('en-US')} of ${events.length.toLocaleString('en-US')} events`}
          {dropped > 0 ? ` (${dropped.toLocaleString('en-US')} older dropped)` : ''}
        </span>
        <ProtocolFilter />
      </header>
      {!hasRows ? (
        <p className="trace-empty">{events.length === 0 ? EMPTY_TEXT : `No ${filter} events. Choose "All" to see every event.`}</p>
      ) : (
        <div className="event-list__scroller" ref={scrollerRef} onScroll={onScroll}>
          <table
            className="event-table"
            role="grid"
            aria-label="Trace events"
            aria-readonly="true"
            aria-rowcount={shown.length + 1}
            aria-activedescendant={selectedRow === -1 ? undefined : rowId(shown[selectedRow].seq)}
            tabIndex={0}
            onKeyDown={onKeyDown}
          >
            <colgroup>
              <col className="event-table__col-seq" />
              <col className="event-table__col-time" />
              <col className="event-table__col-device" />
              <col className="event-table__col-type" />
              <col className="event-table__col-protocol" />
              <col />
            </colgroup>
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Device</th>
                <th scope="col">Type</th>
                <th scope="col">Protocol</th>
                <th scope="col">Summary</th>
              </tr>
            </thead>
            <tbody>
              {first > 0 && <tr className="event-table__spacer" style={{ height: first * ROW_HEIGHT }} aria-hidden="true" />}
              {rows.map((event, i) => {
                const row = first + i;
                const selected = row === selectedRow;
                return (
                  <tr
                    key={event.seq}
                    id={rowId(event.seq)}
                    aria-rowindex={row + 2}
                    aria-selected={selected}
                    className={`event-table__row event-table__row--${event.type}${selected ? ' is-selected' : ''}`}
                    onClick={() => choose(event)}
                  >
                    <td className="event-table__num">{event.seq}</td>
                    <td className="event-table__num">{formatSimTime(event.t)}</td>
                    <td>
                      {names.get(event.device) ?? event.device}
                      {event.interface ? <span className="event-table__iface"> {event.interface}</span> : null}
                    </td>
                    <td className="event-table__type">{TYPE_LABELS[event.type]}</td>
                    <td>
                      <ProtocolBadge protocol={event.protocol} />
                    </td>
                    <td className="event-table__summary" title={event.summary}>
                      {event.summary}
                    </td>
                  </tr>
                );
              })}
              {last < shown.length && <tr className="event-table__spacer" style={{ height: (shown.length - last) * ROW_HEIGHT }} aria-hidden="true" />}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
