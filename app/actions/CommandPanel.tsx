/**
 * Commands run from the selected device (ping, traceroute, nslookup, Browse),
 * one form each, and the device's terminal where their output appears as
 * playback reaches it, with a command line to type them instead.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useDocumentStore } from '../store/document-store';
import { useTraceStore } from '../store/trace-store';
import { simClient } from '../sim/client';
import { COMMAND_APPS, COMMANDS, commandAction, hostTargetProblem, type CommandSpec } from './commands';
import { Terminal } from './Terminal';
import '../trace.css';

/** Other devices' IPv4 addresses, offered as suggestions. */
function useTargets(deviceId: string): { address: string; name: string }[] {
  const devices = useDocumentStore((s) => s.doc.devices);
  return useMemo(
    () =>
      devices.flatMap((d) =>
        d.id === deviceId ? [] : d.interfaces.flatMap((i) => (i.ipv4 && i.ipv4.includes('.') ? [{ address: i.ipv4.split('/')[0], name: d.name }] : [])),
      ),
    [devices, deviceId],
  );
}

function CommandForm({ spec, deviceId, targetsId }: { spec: CommandSpec; deviceId: string; targetsId: string }) {
  const running = useTraceStore((s) => s.running);
  const [target, setTarget] = useState('');
  const [options, setOptions] = useState<Record<string, string>>(() => Object.fromEntries(spec.options.map((o) => [o.key, o.initial])));
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();
  const errorId = `${id}-error`;

  async function run(event: FormEvent) {
    event.preventDefault();
    const checked = commandAction(spec, deviceId, target, options);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setError(null);
    setSending(true);
    const result = await simClient().act(checked.action);
    setSending(false);
    if (!result.ok) setError(result.error);
  }

  return (
    <>
      <form className="command-panel__form" onSubmit={(e) => void run(e)} noValidate aria-label={spec.label}>
        <label className="trace-field trace-field--stacked">
          {/* The form names the command, so the label can be short; the field's name still says which. */}
          <span>{spec.targetLabel}</span>
          <input
            aria-label={spec.destinationLabel}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder={spec.placeholder}
            list={spec.targetProblem === hostTargetProblem ? targetsId : undefined}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
          />
        </label>
        {spec.options.map((option) => (
          <label key={option.key} className="trace-field trace-field--stacked command-panel__option">
            <span>{option.label}</span>
            <input
              type="number"
              min={option.min}
              max={option.max}
              value={options[option.key]}
              onChange={(e) => setOptions((o) => ({ ...o, [option.key]: e.target.value }))}
            />
          </label>
        ))}
        <button type="submit" className="button button--primary command-panel__run" disabled={sending || running}>
          {spec.label}
        </button>
      </form>
      {error && (
        <p className="trace-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function CommandPanel({ deviceId }: { deviceId: string }) {
  const hostname = useDocumentStore((s) => s.doc.devices.find((d) => d.id === deviceId)?.name ?? deviceId);
  const running = useTraceStore((s) => s.running);
  const targets = useTargets(deviceId);
  const id = useId();
  const targetsId = `${id}-targets`;

  return (
    <section className="inspector-section command-panel" aria-labelledby={`${id}-title`}>
      <h3 className="section-title command-panel__title" id={`${id}-title`}>
        Commands {running && <span className="command-panel__busy">Simulating…</span>}
      </h3>
      <datalist id={targetsId}>
        {targets.map((t) => (
          <option key={`${t.name}-${t.address}`} value={t.address}>
            {t.name}
          </option>
        ))}
      </datalist>
      {COMMANDS.map((spec) => (
        <CommandForm key={spec.app} spec={spec} deviceId={deviceId} targetsId={targetsId} />
      ))}
      <Terminal deviceId={deviceId} hostname={hostname} apps={COMMAND_APPS} />
    </section>
  );
}
