/**
 * The ladder (sequence) diagram panel: choose two devices, and optionally one
 * of their TCP or UDP conversations, and see every message between them hop
 * by hop, as in a textbook's diagrams. "Export SVG" downloads the drawing.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { useDocumentStore } from '../store/document-store';
import { useTraceStore } from '../store/trace-store';
import { deviceLabel } from '../canvas/vm-layout';
import { selectEvent } from '../trace-tabs/select-event';
import { useTraceTabs } from '../trace-tabs/trace-tabs-store';
import { browseRuns } from '../page-load/waterfall';
import { buildLadder, conversationFlows, describeFlow, peersOf, type Flow } from './ladder-model';
import { LadderDiagram } from './LadderDiagram';
import { columnWidth, GUTTER, HEAD, lifelineX } from './ladder-layout';
import { downloadLadderSvg } from './export-svg';
import './ladder.css';

function flowValue(flow: Flow): string {
  return `${flow.protocol}:${flow.localPort}:${flow.remotePort}`;
}

/** Devices that can end a conversation: anything with an address, not the boxes frames only pass through. */
function canTalk(device: DeviceDoc): boolean {
  return device.kind !== 'switch' && device.kind !== 'hub';
}

/** The scroller's width, followed as the panel is resized. */
function usePanelWidth() {
  const [element, ref] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, [element]);
  return { ref, width };
}

export function LadderPanel() {
  const events = useTraceStore((s) => s.events);
  const cursor = useTraceStore((s) => s.cursor);
  const devices = useDocumentStore((s) => s.doc.devices);
  const choice = useTraceTabs((s) => s.ladder);
  const setLadder = useTraceTabs((s) => s.setLadder);
  const svgRef = useRef<SVGSVGElement>(null);
  const available = usePanelWidth();

  // Until the learner chooses: the device that last loaded a page, and whoever it talked with last.
  const a = choice.a ?? browseRuns(events).at(-1)?.device ?? devices.find((d) => d.kind === 'computer')?.id ?? null;
  const peers = useMemo(() => (a === null ? [] : peersOf(events, a)), [events, a]);
  const b = choice.b ?? peers.find((p) => p !== a && devices.some((d) => d.id === p && canTalk(d))) ?? null;
  const flows = useMemo(() => (a === null || b === null ? [] : conversationFlows(events, a, b)), [events, a, b]);
  const flow = choice.flow && flows.some((f) => flowValue(f) === flowValue(choice.flow!)) ? choice.flow : null;
  const ladder = useMemo(() => (a === null || b === null ? null : buildLadder(events, a, b, flow ?? undefined)), [events, a, b, flow]);

  const name = (id: string) => deviceLabel(devices, id);
  const names = ladder ? ladder.lifelines.map(name) : [];
  const title = a !== null && b !== null ? `Ladder diagram: ${name(a)} ↔ ${name(b)}${flow ? `, ${describeFlow(flow)}` : ''}` : 'Ladder diagram';
  const talkers = devices.filter(canTalk);
  const column = columnWidth(available.width, names.length);

  return (
    <section aria-label="Ladder diagram" className="ladder">
      <header className="trace-panel__header ladder__controls">
        <h2 className="trace-panel__title">Ladder</h2>
        <label className="trace-field">
          <span>From</span>
          <select aria-label="From device" value={a ?? ''} onChange={(e) => setLadder({ a: e.target.value || null, b, flow: null })}>
            {a === null && <option value="">Choose…</option>}
            {talkers.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="trace-field">
          <span>To</span>
          <select aria-label="To device" value={b ?? ''} onChange={(e) => setLadder({ a, b: e.target.value || null, flow: null })}>
            {b === null && <option value="">Choose…</option>}
            {talkers
              .filter((d) => d.id !== a)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {peers.includes(d.id) ? '' : ' (no frames yet)'}
                </option>
              ))}
          </select>
        </label>
        {flows.length > 0 && (
          <label className="trace-field">
            <span>Conversation</span>
            <select
              aria-label="Conversation"
              value={flow ? flowValue(flow) : ''}
              onChange={(e) => setLadder({ a, b, flow: flows.find((f) => flowValue(f) === e.target.value) ?? null })}
            >
              <option value="">Everything between them</option>
              {flows.map((f) => (
                <option key={flowValue(f)} value={flowValue(f)}>
                  {describeFlow(f)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="button button--small ladder__export"
          disabled={!ladder || ladder.rows.length === 0}
          onClick={() => svgRef.current && downloadLadderSvg(svgRef.current, names)}
        >
          Export SVG
        </button>
      </header>
      {a === null || b === null || !ladder ? (
        <p className="trace-empty">Choose two devices to see the messages between them.</p>
      ) : ladder.rows.length === 0 ? (
        <p className="trace-empty">
          No frames went between {name(a)} and {name(b)} yet. Ping or browse from one to the other, then look again.
        </p>
      ) : (
        <div className="ladder__scroller" ref={available.ref}>
          {/* The device names stay in view while the diagram scrolls; the SVG carries its own copy for export. */}
          <div className="ladder__names" style={{ width: GUTTER + column * names.length, height: HEAD }} aria-hidden="true">
            {names.map((n, i) => (
              <span key={i} className="ladder__name" style={{ left: lifelineX(i, column) - column / 2 + 12, width: column - 24 }}>
                {n}
              </span>
            ))}
          </div>
          <LadderDiagram ref={svgRef} ladder={ladder} names={names} title={title} column={column} selectedSeq={cursor} onSelect={selectEvent} />
        </div>
      )}
    </section>
  );
}
