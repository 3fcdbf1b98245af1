/**
 * A device's terminal: what its command-line apps (ping, traceroute) print,
 * each line appearing as playback reaches its event, like watching the real
 * commands run one after another in one shell.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../../sim-worker/api';
import { useTraceStore } from '../store/trace-store';
import '../trace.css';

/** The lines these apps printed on this device, in trace order. */
function useAppLines(deviceId: string, apps: readonly string[]): TraceEvent[] {
  const events = useTraceStore((s) => s.events);
  return useMemo(() => events.filter((e) => e.type === 'app' && e.device === deviceId && e.app !== undefined && apps.includes(e.app.name)), [events, deviceId, apps]);
}

/** The screen's text: runs separated by a blank line, as the prompt between them would. */
function screenText(lines: readonly TraceEvent[]): string[] {
  const text: string[] = [];
  let run: string | undefined;
  for (const event of lines) {
    // Run numbers count per app, so a run is named by both.
    const key = event.app ? `${event.app.name} ${event.app.run}` : undefined;
    if (key !== run) {
      if (run !== undefined) text.push('');
      run = key;
    }
    text.push(event.app?.line ?? event.summary);
  }
  return text;
}

export function Terminal({ deviceId, hostname, apps }: { deviceId: string; hostname: string; apps: readonly string[] }) {
  const lines = useAppLines(deviceId, apps);
  const cursor = useTraceStore((s) => s.cursor);
  const [showAll, setShowAll] = useState(false);
  const screenRef = useRef<HTMLPreElement>(null);

  const reached = showAll || cursor === null ? lines : lines.filter((e) => e.seq <= cursor);
  const behind = lines.length - reached.length;

  useEffect(() => {
    const screen = screenRef.current;
    if (screen) screen.scrollTop = screen.scrollHeight;
  }, [reached.length]);

  const text = screenText(reached);
  return (
    <div className="terminal">
      <pre className="terminal__screen" ref={screenRef} tabIndex={0} aria-label={`Terminal on ${hostname}`}>
        {text.length === 0 ? (
          <span className="terminal__prompt">{`${hostname}:~$ `}</span>
        ) : (
          // One block per line, so a line too long for the panel wraps under itself, indented, like a hanging paragraph.
          text.map((line, i) => (
            <span key={i} className="terminal__line">
              {line}
              {'\n'}
            </span>
          ))
        )}
      </pre>
      {(behind > 0 || showAll) && (
        <label className="terminal__behind">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show all output {behind > 0 && `(playback is ${behind} line${behind === 1 ? '' : 's'} behind)`}
        </label>
      )}
    </div>
  );
}
