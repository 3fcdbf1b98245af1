/**
 * Ping from the selected computer, and its terminal: the ping app's lines
 * appear as playback reaches them, like watching the real command run.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TraceEvent } from '../../sim-worker/api';
import { parseIpv4 } from '../../sim-worker/wire/address';
import { useDocumentStore } from '../store/document-store';
import { useTraceStore } from '../store/trace-store';
import { simClient } from '../sim/client';
import '../trace.css';

const MAX_COUNT = 100;

/** Other computers' addresses, offered as suggestions. */
function usePingTargets(deviceId: string): { address: string; name: string }[] {
  const devices = useDocumentStore((s) => s.doc.devices);
  return useMemo(
    () =>
      devices.flatMap((d) =>
        d.id === deviceId
          ? []
          : d.interfaces.flatMap((i) => (i.ipv4 && i.ipv4.includes('.') ? [{ address: i.ipv4.split('/')[0], name: d.name }] : [])),
      ),
    [devices, deviceId],
  );
}

/** The ping app's events on this device. */
function usePingLines(deviceId: string): TraceEvent[] {
  const events = useTraceStore((s) => s.events);
  return useMemo(() => events.filter((e) => e.type === 'app' && e.device === deviceId && e.app?.name === 'ping'), [events, deviceId]);
}

function Terminal({ deviceId, hostname }: { deviceId: string; hostname: string }) {
  const lines = usePingLines(deviceId);
  const cursor = useTraceStore((s) => s.cursor);
  const [showAll, setShowAll] = useState(false);
  const screenRef = useRef<HTMLPreElement>(null);

  const reached = showAll || cursor === null ? lines : lines.filter((e) => e.seq <= cursor);
  const behind = lines.length - reached.length;

  useEffect(() => {
    const screen = screenRef.current;
    if (screen) screen.scrollTop = screen.scrollHeight;
  }, [reached.length]);

  const text: string[] = [];
  let run: number | undefined;
  for (const event of reached) {
    if (event.app && event.app.run !== run) {
      if (run !== undefined) text.push('');
      run = event.app.run;
    }
    text.push(event.app?.line ?? event.summary);
  }

  return (
    <div className="ping-terminal">
      <pre className="ping-terminal__screen" ref={screenRef} tabIndex={0} aria-label={`Terminal on ${hostname}`}>
        {text.length === 0 ? <span className="ping-terminal__prompt">{`${hostname}:~$ `}</span> : text.join('\n')}
      </pre>
      {(behind > 0 || showAll) && (
        <label className="ping-terminal__behind">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show all output {behind > 0 && `(playback is ${behind} line${behind === 1 ? '' : 's'} behind)`}
        </label>
      )}
    </div>
  );
}

export function PingPanel({ deviceId }: { deviceId: string }) {
  const hostname = useDocumentStore((s) => s.doc.devices.find((d) => d.id === deviceId)?.name ?? deviceId);
  const running = useTraceStore((s) => s.running);
  const targets = usePingTargets(deviceId);
  const [target, setTarget] = useState('');
  const [count, setCount] = useState('4');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();

  async function ping(event: FormEvent) {
    event.preventDefault();
    const address = parseIpv4(target);
    if (!address.ok) {
      setError(target.trim() === '' ? 'Type the IPv4 address to ping, like 192.168.1.20.' : address.error);
      return;
    }
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) {
      setError(`Count must be a whole number from 1 to ${MAX_COUNT}.`);
      return;
    }
    setError(null);
    setSending(true);
    const result = await simClient().act({ kind: 'ping', device: deviceId, target: target.trim(), count: n });
    setSending(false);
    if (!result.ok) setError(result.error);
  }

  const errorId = `${id}-error`;
  return (
    <section className="inspector-section ping-panel" aria-labelledby={`${id}-title`}>
      <h3 className="section-title" id={`${id}-title`}>
        Ping
      </h3>
      <form className="ping-panel__form" onSubmit={(e) => void ping(e)} noValidate>
        <label className="trace-field trace-field--stacked">
          <span>Ping destination</span>
          <input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder="192.168.1.20"
            list={`${id}-targets`}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
          />
        </label>
        <datalist id={`${id}-targets`}>
          {targets.map((t) => (
            <option key={`${t.name}-${t.address}`} value={t.address}>
              {t.name}
            </option>
          ))}
        </datalist>
        <label className="trace-field trace-field--stacked ping-panel__count">
          <span>Count</span>
          <input type="number" min={1} max={MAX_COUNT} value={count} onChange={(e) => setCount(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={sending || running}>
          Ping
        </button>
        {(sending || running) && <span className="ping-panel__busy">Simulating…</span>}
      </form>
      {error && (
        <p className="trace-error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <Terminal deviceId={deviceId} hostname={hostname} />
    </section>
  );
}
