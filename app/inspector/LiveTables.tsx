/**
 * A device's tables (MAC table, ARP cache, …) as of the selected event, so
 * stepping back also steps the tables back. Asks the engine again whenever the
 * device, the event or the network changes; while playback races ahead it asks
 * for the newest position only once the previous answer is in.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { DeviceTable } from '../../sim-worker/api';
import { useTraceStore, type TraceState } from '../store/trace-store';
import { simClient } from '../sim/client';
import '../trace.css';

interface Request {
  deviceId: string;
  atSeq: number;
  /** Null when no event is selected: the tables as they are now. */
  cursor: number | null;
  generation: number;
}

interface Answer {
  request: Request;
  tables: DeviceTable[] | null;
  error: string | null;
}

/** The event the tables should reflect: the selected one, else the newest. */
function tablesSeq(state: TraceState): number {
  if (state.cursor !== null) return state.cursor;
  return state.events.length > 0 ? state.events[state.events.length - 1].seq : 0;
}

function useDeviceTables(deviceId: string): Answer | null {
  const atSeq = useTraceStore(tablesSeq);
  const cursor = useTraceStore((s) => s.cursor);
  const generation = useTraceStore((s) => s.generation);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const wanted = useRef<Request | null>(null);
  const asking = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    wanted.current = { deviceId, atSeq, cursor, generation };
    if (asking.current) return;
    asking.current = true;
    void (async () => {
      let request = wanted.current;
      while (request && mounted.current) {
        const result = await simClient().tables(request.deviceId, request.atSeq);
        if (!mounted.current) break;
        setAnswer({ request, tables: result.ok ? result.value : null, error: result.ok ? null : result.error });
        if (wanted.current === request) break;
        request = wanted.current;
      }
      asking.current = false;
    })();
  }, [deviceId, atSeq, cursor, generation]);

  return answer && answer.request.deviceId === deviceId ? answer : null;
}

function TableView({ table }: { table: DeviceTable }) {
  return (
    <div className="live-table__scroll">
      <table className="live-table">
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={Math.max(1, table.columns.length)} className="live-table__empty">
                {table.empty}
              </td>
            </tr>
          ) : (
            table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function LiveTables({ deviceId }: { deviceId: string }) {
  const answer = useDeviceTables(deviceId);
  const hasEvents = useTraceStore((s) => s.events.length > 0);

  let asOf: string;
  if (!answer) asOf = 'Loading…';
  else if (answer.request.cursor !== null) asOf = `As of event ${answer.request.cursor}`;
  else asOf = hasEvents ? `As of the latest event (${answer.request.atSeq})` : 'Before any traffic';

  const id = useId();
  return (
    <section className="inspector-section live-tables" aria-labelledby={id}>
      <h3 className="section-title live-tables__title" id={id}>
        Tables <span className="live-tables__as-of">{asOf}</span>
      </h3>
      {answer?.error && (
        <p className="trace-error" role="alert">
          Could not read this device's tables: {answer.error}
        </p>
      )}
      {answer?.tables?.length === 0 && <p className="trace-empty">This device keeps no tables.</p>}
      {answer?.tables?.map((table) => <TableView key={table.name} table={table} />)}
    </section>
  );
}
