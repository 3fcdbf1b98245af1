/**
 * A device's terminal: what its command-line apps (ping, traceroute,
 * nslookup, the browser) print, each line appearing as playback reaches its
 * event, and a command line to type them (`ping web.test`, `curl …`, `arp`,
 * `ss`, `help`), like one shell where the commands run one after another.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { TraceEvent } from '../../sim-worker/api';
import { useTraceStore } from '../store/trace-store';
import { simClient } from '../sim/client';
import { parseCommandLine, tableLines } from './command-line';
import { screenLines } from './terminal-screen';
import { useTerminalStore, type TerminalEntry } from './terminal-store';
import '../trace.css';
import './terminal.css';

/** The lines these apps printed on this device, in trace order. */
function useAppLines(deviceId: string, apps: readonly string[]): TraceEvent[] {
  const events = useTraceStore((s) => s.events);
  return useMemo(() => events.filter((e) => e.type === 'app' && e.device === deviceId && e.app !== undefined && apps.includes(e.app.name)), [events, deviceId, apps]);
}

const NO_ENTRIES: readonly TerminalEntry[] = [];

/** What this device's terminal printed itself, in this simulation. */
function useEntries(deviceId: string): readonly TerminalEntry[] {
  const entries = useTerminalStore((s) => s.entries[deviceId] ?? NO_ENTRIES);
  const generation = useTraceStore((s) => s.generation);
  return useMemo(() => entries.filter((e) => e.generation === generation), [entries, generation]);
}

const lastSeq = () => useTraceStore.getState().events.at(-1)?.seq ?? -1;

/** Runs one typed line on the device and prints what it says under its prompt. */
async function execute(deviceId: string, hostname: string, text: string): Promise<void> {
  const prompt = `${hostname}:~$ ${text.trim()}`;
  const { add, remember } = useTerminalStore.getState();
  const trace = useTraceStore.getState();
  const print = (lines: string[], afterSeq: number, more: { generation?: number; clears?: boolean; table?: boolean } = {}) =>
    add(deviceId, { generation: trace.generation, afterSeq, lines: [prompt, ...lines], ...more });
  if (text.trim() !== '') remember(deviceId, text.trim());
  const parsed = parseCommandLine(deviceId, text);
  switch (parsed.kind) {
    case 'nothing':
      return print([], lastSeq());
    case 'clear':
      return print([], lastSeq(), { clears: true });
    case 'print':
    case 'error':
      return print(parsed.lines, lastSeq());
    case 'table': {
      // The table as of the event playback shows, so stepping back and typing arp shows the cache as it was then.
      const at = trace.cursor ?? lastSeq();
      const answer = await simClient().tables(deviceId, Math.max(at, 0));
      const table = answer.ok ? answer.value.find((t) => t.name === parsed.table) : undefined;
      const command = parsed.table === 'arp' ? 'arp' : 'ss';
      if (!table) return print([`${command}: ${answer.ok ? `${hostname} keeps no such table` : answer.error}`], at);
      return print(tableLines(table), at, { table: table.rows.length > 0 });
    }
    case 'action': {
      if (trace.running) return print(['The simulation is still running the last command: try again when it is done.'], lastSeq());
      const before = lastSeq();
      const result = await simClient().act(parsed.action);
      // Loading an edited network first starts a new trace: the prompt goes before all of it.
      const generation = useTraceStore.getState().generation;
      return print(result.ok ? [] : [result.error], generation === trace.generation ? before : -1, { generation });
    }
  }
}

function CommandLineInput({ deviceId, hostname }: { deviceId: string; hostname: string }) {
  const [text, setText] = useState('');
  /** Where the arrow keys are in what was typed: null while typing a new line. */
  const [recalled, setRecalled] = useState<number | null>(null);
  const typed = useTerminalStore((s) => s.typed[deviceId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void execute(deviceId, hostname, text);
    setText('');
    setRecalled(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!typed || typed.length === 0 || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const from = recalled ?? typed.length;
    const next = event.key === 'ArrowUp' ? Math.max(0, from - 1) : from + 1;
    if (next >= typed.length) {
      setRecalled(null);
      setText('');
    } else {
      setRecalled(next);
      setText(typed[next]);
    }
  };

  return (
    <form className="terminal__command" onSubmit={submit}>
      <label className="terminal__command-prompt" htmlFor={`terminal-input-${deviceId}`}>
        {hostname}:~$
      </label>
      <input
        id={`terminal-input-${deviceId}`}
        className="terminal__command-input"
        type="text"
        aria-label={`Command line on ${hostname}`}
        aria-describedby={`terminal-hint-${deviceId}`}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder="type help"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setRecalled(null);
        }}
        onKeyDown={onKeyDown}
      />
    </form>
  );
}

export function Terminal({ deviceId, hostname, apps }: { deviceId: string; hostname: string; apps: readonly string[] }) {
  const lines = useAppLines(deviceId, apps);
  const entries = useEntries(deviceId);
  const cursor = useTraceStore((s) => s.cursor);
  const [showAll, setShowAll] = useState(false);
  const screenRef = useRef<HTMLPreElement>(null);

  const reached = showAll || cursor === null ? lines : lines.filter((e) => e.seq <= cursor);
  const reachedEntries = showAll || cursor === null ? entries : entries.filter((e) => e.afterSeq <= cursor);
  const behind = lines.length - reached.length;
  const text = screenLines(reached, reachedEntries);

  useEffect(() => {
    const screen = screenRef.current;
    if (screen) screen.scrollTop = screen.scrollHeight;
  }, [text.length]);

  return (
    <div className="terminal">
      <pre className="terminal__screen terminal__screen--with-command" ref={screenRef} tabIndex={0} aria-label={`Terminal on ${hostname}`}>
        {/* One block per line, so a line too long for the panel wraps under itself, indented, like a hanging paragraph. */}
        {text.map((line, i) => (
          <span key={i} className={`terminal__line${line.kind === 'output' ? '' : ` terminal__line--${line.kind}`}`}>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
      <CommandLineInput deviceId={deviceId} hostname={hostname} />
      <p className="terminal__hint" id={`terminal-hint-${deviceId}`}>
        Type <code>help</code> for the commands: ping, traceroute, nslookup, curl, arp, ss. ↑ recalls the last one.
      </p>
      {(behind > 0 || showAll) && (
        <label className="terminal__behind">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show all output {behind > 0 && `(playback is ${behind} line${behind === 1 ? '' : 's'} behind)`}
        </label>
      )}
    </div>
  );
}
