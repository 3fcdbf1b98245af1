/**
 * The selected event through the seven OSI layers: what the frame carries at
 * each layer, what this device did there and why, the header fields decoded
 * from the frame's own bytes, and those bytes in a hex dump. Follows the same
 * frame across hops and highlights what changed since the previous one.
 */
import { useCallback, useMemo, useState } from 'react';
import type { TraceEvent } from '../../sim-worker/api';
import type { LinkDoc } from '../../sim-worker/document/schema';
import type { OsiLayer } from '../../sim-worker/wire/fields';
import { describeFrame } from '../../sim-worker/wire/frame';
import { osiNarration } from '../../sim-worker/lessons/frames';
import { currentStep, useLessonStore } from '../lessons/lesson-store';
import { useDocumentStore } from '../store/document-store';
import { cursorIndex, selectCursorEvent, useTraceStore } from '../store/trace-store';
import { formatBandwidth, formatSimTime } from '../sim/format';
import { ProtocolBadge } from '../sim/ProtocolBadge';
import { HexDump } from './HexDump';
import { changedFields, highestLayer, nextHop, OSI_LAYERS, placeFields, previousHop, type PlacedField } from './osi-model';
import { deviceLabel } from '../canvas/vm-layout';
import '../trace.css';

const EMPTY_TEXT = 'Select an event to see its layers.';

function useDeviceName(): (id: string) => string {
  const devices = useDocumentStore((s) => s.doc.devices);
  return useCallback((id: string) => deviceLabel(devices, id), [devices]);
}

function useLink(linkId: string | undefined): LinkDoc | undefined {
  return useDocumentStore((s) => (linkId === undefined ? undefined : s.doc.links.find((l) => l.id === linkId)));
}

function Header({ event, name }: { event: TraceEvent; name: (id: string) => string }) {
  return (
    <p className="osi-view__event">
      <span className="osi-view__seq">Event {event.seq}</span> · {formatSimTime(event.t)} · <strong>{name(event.device)}</strong>
      {event.interface ? ` ${event.interface}` : ''} · {event.type} <ProtocolBadge protocol={event.protocol} />
      <span className="osi-view__summary">{event.summary}</span>
    </p>
  );
}

/** Layer 1: the bits on the wire, and for a send how long they take to arrive. */
function PhysicalDetail({ event, name }: { event: TraceEvent; name: (id: string) => string }) {
  const link = useLink(event.link);
  const length = event.frame?.bytes.length ?? 0;
  const cable = link ? `${name(link.a.device)} ${link.a.interface} ↔ ${name(link.b.device)} ${link.b.interface}` : event.link;
  const lines: string[] = [`${length} bytes (${length * 8} bits)${cable ? ` on the cable ${cable}` : ''}`];
  if (link) lines.push(`${link.medium}, ${formatBandwidth(link.bandwidthBps)}, ${formatSimTime(link.delayNs)} propagation delay`);
  if (event.hop) {
    const total = event.hop.arriveAt - event.t;
    const serialisation = link ? total - link.delayNs : null;
    const parts =
      serialisation !== null && serialisation >= 0
        ? ` (${formatSimTime(serialisation)} to put the bits on the wire + ${formatSimTime(link!.delayNs)} along it)`
        : '';
    lines.push(`Last bit reaches ${name(event.hop.toDevice)} ${event.hop.toInterface} at ${formatSimTime(event.hop.arriveAt)}, ${formatSimTime(total)} later${parts}`);
  }
  return (
    <ul className="osi-layer__detail">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function FieldList({
  fields,
  indexes,
  active,
  changed,
  onActivate,
}: {
  fields: readonly PlacedField[];
  indexes: number[];
  active: number | null;
  changed: ReadonlyMap<string, string>;
  onActivate(field: number | null): void;
}) {
  return (
    <table className="osi-fields">
      <tbody>
        {indexes.map((i) => {
          const field = fields[i];
          const was = changed.get(field.key);
          return (
            <tr
              key={`${field.key}-${i}`}
              tabIndex={0}
              className={`osi-field${active === i ? ' is-active' : ''}${was !== undefined ? ' is-changed' : ''}`}
              onMouseEnter={() => onActivate(i)}
              onMouseLeave={() => onActivate(null)}
              onFocus={() => onActivate(i)}
              onBlur={() => onActivate(null)}
              title={`Bytes ${field.offset}–${field.offset + field.length - 1}${field.bits ? `, bits ${field.bits}` : ''}`}
            >
              <th scope="row">{field.label}</th>
              <td>
                {field.value}
                {was !== undefined && <span className="osi-field__was">changed since the previous hop (was {was})</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface Expansion {
  expanded: ReadonlySet<OsiLayer>;
  toggle(layer: OsiLayer): void;
}

function FrameView({ event, index, expansion }: { event: TraceEvent; index: number; expansion: Expansion }) {
  const name = useDeviceName();
  const events = useTraceStore((s) => s.events);
  const select = useTraceStore((s) => s.select);
  const bytes = event.frame!.bytes;
  const lessonStep = useLessonStore(currentStep);

  const layers = useMemo(() => describeFrame(bytes), [bytes]);
  const fields = useMemo(() => placeFields(layers), [layers]);
  const before = useMemo(() => previousHop(events, index), [events, index]);
  const after = useMemo(() => nextHop(events, index), [events, index]);
  const changed = useMemo(
    () => (before?.frame ? changedFields(fields, placeFields(describeFrame(before.frame.bytes))) : new Map<string, string>()),
    [before, fields],
  );
  const changedKeys = useMemo(() => new Set(changed.keys()), [changed]);

  const { expanded, toggle } = expansion;
  const [active, setActive] = useState<number | null>(null);
  const activeLayer = active === null ? null : layers[fields[active]?.layerIndex]?.layer;

  const top = highestLayer(event);
  const problems = layers.filter((l) => l.problem);

  const changedLabels = fields.filter((f) => changed.has(f.key)).map((f) => f.label);

  return (
    <>
      <Header event={event} name={name} />
      {problems.map((l) => (
        <p key={l.protocol} className="osi-problem" role="note">
          <strong>{l.protocol}:</strong> {l.problem}
        </p>
      ))}
      <div className="osi-hops">
        {before ? (
          <span>
            Previous hop: event {before.seq} at {name(before.device)}.{' '}
            {changedLabels.length > 0 ? <mark className="osi-hops__changed">Changed since then: {changedLabels.join(', ')}.</mark> : 'Nothing in the frame changed.'}
          </span>
        ) : (
          <span>First time this frame appears in the trace.</span>
        )}
        <span className="osi-hops__buttons">
          <button type="button" className="button button--small" disabled={!before} onClick={() => before && select(before.seq)}>
            Previous hop
          </button>
          <button type="button" className="button button--small" disabled={!after} onClick={() => after && select(after.seq)}>
            Next hop
          </button>
        </span>
      </div>

      <ol className="osi-stack">
        {OSI_LAYERS.map(({ layer, name: layerName }) => {
          const decoded = layers.map((l, i) => ({ l, i })).filter(({ l }) => l.layer === layer);
          const notes = event.layers.filter((n) => n.layer === layer);
          const handled = layer <= top;
          const fieldIndexes = fields.flatMap((f, i) => (decoded.some((d) => d.i === f.layerIndex) ? [i] : []));
          const canExpand = fieldIndexes.length > 0;
          const open = canExpand && expanded.has(layer);
          const problem = decoded.find(({ l }) => l.problem)?.l.problem;
          const narration = lessonStep ? osiNarration(lessonStep, bytes, layer) : undefined;
          const head = (
            <>
              <span className="osi-layer__number">{layer}</span>
              <span className="osi-layer__name">{layerName}</span>
              <span className="osi-layer__protocols">
                {layer === 1 ? (
                  <span className="osi-layer__bits">{bytes.length * 8} bits</span>
                ) : decoded.length > 0 ? (
                  decoded.map(({ l }) => <ProtocolBadge key={l.protocol} protocol={l.protocol} />)
                ) : (
                  <span className="osi-layer__none">—</span>
                )}
              </span>
              <span className="osi-layer__text">
                <span className="osi-layer__reason">
                  {notes.length > 0 ? notes.map((n) => n.reason).join(' ') : handled ? '' : `${name(event.device)} did not look at this layer`}
                </span>
                {decoded.length > 0 && <span className="osi-layer__summary">{decoded.map(({ l }) => l.summary).filter(Boolean).join(' · ')}</span>}
                {problem && <span className="osi-layer__problem">⚠ {problem}</span>}
              </span>
              {canExpand && <span className="osi-layer__chevron" aria-hidden="true">{open ? '▾' : '▸'}</span>}
            </>
          );
          return (
            <li
              key={layer}
              className={`osi-layer${handled ? ' is-handled' : ' is-untouched'}${decoded.length === 0 && layer !== 1 ? ' is-empty' : ''}${activeLayer === layer ? ' is-active' : ''}${problem ? ' has-problem' : ''}`}
            >
              {canExpand ? (
                <button type="button" className="osi-layer__head" aria-expanded={open} onClick={() => toggle(layer)}>
                  {head}
                </button>
              ) : (
                <div className="osi-layer__head">{head}</div>
              )}
              {narration && (
                <p className="osi-layer__lesson">
                  <span className="osi-layer__lesson-label">Lesson</span>
                  {narration}
                </p>
              )}
              {layer === 1 && <PhysicalDetail event={event} name={name} />}
              {open && <FieldList fields={fields} indexes={fieldIndexes} active={active} changed={changed} onActivate={setActive} />}
            </li>
          );
        })}
      </ol>
      <HexDump bytes={bytes} layers={layers} fields={fields} active={active} changed={changedKeys} onActivate={setActive} />
    </>
  );
}

function AppView({ event }: { event: TraceEvent }) {
  const name = useDeviceName();
  return (
    <>
      <Header event={event} name={name} />
      <p className="osi-app">
        {event.app ? `${event.app.name} on ${name(event.device)} (run ${event.app.run}) printed:` : `${name(event.device)}:`}
      </p>
      <pre className="osi-app__line">{event.app?.line ?? event.summary}</pre>
      {event.layers.length > 0 && (
        <ul className="osi-layer__detail">
          {event.layers.map((n, i) => (
            <li key={i}>
              Layer {n.layer} ({n.protocol}): {n.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function OsiView() {
  const event = useTraceStore(selectCursorEvent);
  const index = useTraceStore(cursorIndex);
  // Which layers are open outlives the event, so stepping keeps the same fields in view.
  const [expanded, setExpanded] = useState<ReadonlySet<OsiLayer>>(() => new Set<OsiLayer>([3]));
  const toggle = useCallback(
    (layer: OsiLayer) =>
      setExpanded((old) => {
        const next = new Set(old);
        if (next.has(layer)) next.delete(layer);
        else next.add(layer);
        return next;
      }),
    [],
  );
  const expansion = useMemo(() => ({ expanded, toggle }), [expanded, toggle]);
  return (
    <section aria-label="OSI layers" className="osi-view">
      <h2 className="trace-panel__title">OSI layers</h2>
      {!event ? (
        <p className="trace-empty">{EMPTY_TEXT}</p>
      ) : event.frame ? (
        // Keyed by event so hover state never points into another frame's fields.
        <FrameView key={event.seq} event={event} index={index} expansion={expansion} />
      ) : (
        <AppView event={event} />
      )}
    </section>
  );
}
