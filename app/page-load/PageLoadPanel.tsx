/**
 * The page load as a browser's network panel shows it: for one browse run,
 * each request's phases (DNS, TCP connect, TLS, request, waiting, response)
 * with their simulated start and duration, drawn as a waterfall. Choosing a
 * phase selects its first event in the event list and the OSI view.
 */
import { useMemo, useState } from 'react';
import type { TraceEvent } from '../../sim-worker/api';
import { useDocumentStore } from '../store/document-store';
import { useTraceStore } from '../store/trace-store';
import { deviceLabel } from '../canvas/vm-layout';
import { formatSimTime } from '../sim/format';
import { selectEvent } from '../trace-tabs/select-event';
import { browseRuns, firstEventOfPhase, PHASE_HINTS, PHASE_LABELS, waterfall, type BrowseRun, type WaterfallBar, type WaterfallRequest } from './waterfall';
import './page-load.css';

const EMPTY_TEXT = 'No page loads yet. Select a computer and use Browse to load a URL, such as https://www.example.test.';

function runTitle(run: BrowseRun, name: (id: string) => string): string {
  return `${name(run.device)}: ${run.timeline.url} (browser #${run.run})`;
}

export function PageLoadPanel() {
  const events = useTraceStore((s) => s.events);
  const running = useTraceStore((s) => s.running);
  const devices = useDocumentStore((s) => s.doc.devices);
  const name = (id: string) => deviceLabel(devices, id);
  const runs = useMemo(() => browseRuns(events), [events]);
  const [chosen, setChosen] = useState<number | null>(null);
  const run = runs.find((r) => r.seq === chosen) ?? runs[runs.length - 1];

  return (
    <section aria-label="Page load" className="page-load">
      <header className="trace-panel__header">
        <h2 className="trace-panel__title">Page load</h2>
        {runs.length > 1 && run && (
          <label className="trace-field">
            <span>Load</span>
            <select value={run.seq} onChange={(e) => setChosen(Number(e.target.value))}>
              {runs.map((r) => (
                <option key={r.seq} value={r.seq}>
                  {runTitle(r, name)}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {run ? <RunView run={run} events={events} name={name} /> : <p className="trace-empty">{running ? 'Loading… the timeline appears when the page load ends.' : EMPTY_TEXT}</p>}
    </section>
  );
}

function RunView({ run, events, name }: { run: BrowseRun; events: readonly TraceEvent[]; name: (id: string) => string }) {
  const model = useMemo(() => waterfall(run.timeline), [run.timeline]);
  const last = run.timeline.requests[run.timeline.requests.length - 1];
  const outcome = run.timeline.error ?? (last?.status !== undefined ? `status ${last.status}` : 'no response');
  return (
    <div className="page-load__body">
      <p className="page-load__summary">
        <strong>{name(run.device)}</strong> loaded <span className="page-load__url">{run.timeline.url}</span> ({outcome})
        {model.requests.length > 0 && `: began at ${formatSimTime(model.start)} and took ${formatSimTime(model.end - model.start)} to the last byte`}
        {model.requests.length > 1 && ` (${model.requests.length} requests: redirects followed)`}
      </p>
      {model.requests.map((request, i) => (
        <RequestTiming key={i} request={request} start={model.start} total={model.end - model.start} events={events} />
      ))}
    </div>
  );
}

/** One request's phases; times are counted from the start of the page load (`start`), as the axis is. */
function RequestTiming({ request, start, total, events }: { request: WaterfallRequest; start: number; total: number; events: readonly TraceEvent[] }) {
  const cursor = useTraceStore((s) => s.cursor);
  return (
    <table className="waterfall" aria-label={`Timing of ${request.url}`}>
      <caption>
        <span className="page-load__url">GET {request.url}</span>
        <span className={`page-load__status${request.status !== undefined && request.status >= 400 ? ' is-error' : ''}`}>{request.status ?? 'no response'}</span>
        {request.reusedConnection && <span className="page-load__reused">kept-alive connection: no DNS, connect or TLS</span>}
      </caption>
      <colgroup>
        <col className="waterfall__col-phase" />
        <col className="waterfall__col-time" />
        <col className="waterfall__col-time" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col">Starts</th>
          <th scope="col">Took</th>
          <th scope="col">
            <span className="waterfall__axis">
              <span>0</span>
              <span>{formatSimTime(total)}</span>
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {request.bars.map((bar) => (
          <PhaseRow key={bar.name} bar={bar} offset={bar.start - start} events={events} current={cursor !== null && bar.phase.seqs.includes(cursor)} />
        ))}
      </tbody>
    </table>
  );
}

function PhaseRow({ bar, offset, events, current }: { bar: WaterfallBar; offset: number; events: readonly TraceEvent[]; current: boolean }) {
  const first = firstEventOfPhase(bar.phase, events);
  const choose = () => {
    if (first !== null) selectEvent(first);
  };
  const count = bar.eventCount === 0 ? 'no frames of its own' : `${bar.eventCount} event${bar.eventCount === 1 ? '' : 's'}`;
  return (
    <tr className={`waterfall__row${current ? ' is-current' : ''}`} title={`${PHASE_LABELS[bar.name]}: ${PHASE_HINTS[bar.name]}`}>
      <th scope="row">
        <button
          type="button"
          className="waterfall__phase"
          onClick={choose}
          disabled={first === null}
          aria-label={`${PHASE_LABELS[bar.name]}: starts at +${formatSimTime(offset)} (${formatSimTime(bar.start)}), took ${formatSimTime(bar.duration)}, ${count}. Select its first event.`}
        >
          <span className={`waterfall__swatch waterfall__swatch--${bar.name}`} aria-hidden="true" />
          {PHASE_LABELS[bar.name]}
        </button>
      </th>
      <td className="waterfall__num" title={`at ${formatSimTime(bar.start)} of simulated time`}>
        +{formatSimTime(offset)}
      </td>
      <td className="waterfall__num">{formatSimTime(bar.duration)}</td>
      <td className="waterfall__track" onClick={choose} aria-hidden="true">
        <span className={`waterfall__bar waterfall__bar--${bar.name}`} style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }} />
      </td>
    </tr>
  );
}
