/**
 * A device's tables (MAC table, routing table, ARP cache, DHCP leases, NAT
 * translations, … whatever its engine device reports) as tabs, as of the
 * selected event, so stepping back also steps the tables back. Asks the engine again whenever the
 * device, the event or the network changes; while playback races ahead it asks
 * for the newest position only once the previous answer is in.
 */
import { useCallback, useId, useState } from 'react';
import type { DeviceTable } from '../../sim-worker/api';
import { shownSeq, useTraceStore } from '../store/trace-store';
import { simClient } from '../sim/client';
import { useLatestAnswer } from '../sim/use-latest-answer';
import { useRovingTabs } from '../ui/use-roving-tabs';
import { useDocumentStore } from '../store/document-store';
import { useTraceTabs } from '../trace-tabs/trace-tabs-store';
import { conversationOfSocket } from './socket-ladder';
import '../trace.css';
import './inspector-tools.css';

interface Request {
  deviceId: string;
  atSeq: number;
  /** Null when no event is selected: the tables as they are now. */
  cursor: number | null;
  generation: number;
}

export interface Answer {
  request: Request;
  tables: DeviceTable[] | null;
  error: string | null;
}

/** The device's tables as of the selected event (else the newest); null until the first answer. Also used by fields that show a live value, like a leased address. */
export function useDeviceTables(deviceId: string): Answer | null {
  const atSeq = useTraceStore(shownSeq);
  const cursor = useTraceStore((s) => s.cursor);
  const generation = useTraceStore((s) => s.generation);
  const ask = useCallback(async (): Promise<Answer> => {
    const request = { deviceId, atSeq, cursor, generation };
    const result = await simClient().tables(deviceId, atSeq);
    return { request, tables: result.ok ? result.value : null, error: result.ok ? null : result.error };
  }, [deviceId, atSeq, cursor, generation]);
  const latest = useLatestAnswer(`${deviceId} ${atSeq} ${cursor} ${generation}`, ask);
  return latest && latest.answer.request.deviceId === deviceId ? latest.answer : null;
}

/** More columns than this do not fit the inspector's width side by side: each row becomes a card. */
const MAX_TABLE_COLUMNS = 4;

function TableView({ table, deviceId }: { table: DeviceTable; deviceId: string }) {
  if (table.columns.length > MAX_TABLE_COLUMNS && table.rows.length > 0) return <RecordsView table={table} deviceId={deviceId} />;
  return (
    <div className="live-table__scroll">
      <table className="live-table">
        <caption className="visually-hidden">{table.title}</caption>
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

/** A wide table (NAT translations) as one card per row, each value under its column's name. */
function RecordsView({ table, deviceId }: { table: DeviceTable; deviceId: string }) {
  return (
    <ul className="live-records" aria-label={table.title}>
      {table.rows.map((row, i) => (
        <li key={i} className="live-records__row">
          <dl>
            {table.columns.map((column, j) => (
              <div key={column} className="live-records__field">
                <dt>{column}</dt>
                <dd>{row[j]}</dd>
              </div>
            ))}
          </dl>
          {table.name === 'sockets' && <SocketLadderButton deviceId={deviceId} row={row} />}
        </li>
      ))}
    </ul>
  );
}

/** A connection in the Sockets table opens its ladder diagram. */
function SocketLadderButton({ deviceId, row }: { deviceId: string; row: string[] }) {
  const doc = useDocumentStore((s) => s.doc);
  const conversation = conversationOfSocket(doc, row);
  if (!conversation) return null;
  return (
    <button type="button" className="button button--small" onClick={() => useTraceTabs.getState().openLadder(deviceId, conversation.peer, conversation.flow)}>
      Ladder diagram
    </button>
  );
}

/** The tab last chosen, by table name, so moving from router to router keeps showing its ARP cache. */
let chosenTable: string | null = null;

/** One tab per table (WAI-ARIA tabs: arrow keys, Home and End move between them). */
function TableTabs({ tables, deviceId }: { tables: DeviceTable[]; deviceId: string }) {
  const [chosen, setChosen] = useState(chosenTable);
  const baseId = useId();
  const shown = tables.find((t) => t.name === chosen) ?? tables[0];

  const choose = (name: string) => {
    chosenTable = name;
    setChosen(name);
  };
  const { onKeyDown, tabRef } = useRovingTabs(tables.map((t) => t.name), shown.name, choose);

  const tabId = (table: DeviceTable) => `${baseId}-tab-${table.name}`;
  return (
    <>
      {tables.length > 1 && (
        <div className="table-tabs" role="tablist" aria-label="Tables" onKeyDown={onKeyDown}>
          {tables.map((table) => {
            const selected = table === shown;
            return (
              <button
                key={table.name}
                ref={tabRef(table.name)}
                type="button"
                role="tab"
                id={tabId(table)}
                className="table-tabs__tab"
                aria-selected={selected}
                aria-controls={`${baseId}-panel`}
                tabIndex={selected ? 0 : -1}
                onClick={() => choose(table.name)}
              >
                {table.title}
                <span className="table-tabs__count" aria-hidden="true">
                  {table.rows.length}
                </span>
              </button>
            );
          })}
        </div>
      )}
      <div id={`${baseId}-panel`} role={tables.length > 1 ? 'tabpanel' : undefined} aria-labelledby={tables.length > 1 ? tabId(shown) : undefined}>
        {tables.length === 1 && <h4 className="live-table__title">{shown.title}</h4>}
        <TableView table={shown} deviceId={deviceId} />
      </div>
    </>
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
  const tables = answer?.tables;
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
      {tables?.length === 0 && <p className="trace-empty">This device keeps no tables.</p>}
      {tables && tables.length > 0 && <TableTabs tables={tables} deviceId={deviceId} />}
    </section>
  );
}
