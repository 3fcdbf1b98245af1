/**
 * The commands a device's inspector can run, each an engine action with its
 * options. A new command (say, an IPv6 ping) is one more entry.
 */
import type { Action } from '../../sim-worker/api';
import { parseUrl } from '../../sim-worker/apps/url';
import { hostNameProblem } from '../../sim-worker/document/services-rules';
import { parseIpv4 } from '../../sim-worker/wire/address';

export interface CommandOption {
  key: string;
  /** The field's label, unique in the inspector ("Count"). */
  label: string;
  initial: string;
  min: number;
  max: number;
  /** The option's meaning in a sentence, for the problem message ("Count"→ "the number of pings"). */
  meaning: string;
}

export interface CommandSpec {
  /** The app's name in trace events (`event.app.name`). */
  app: string;
  /** The button ("Ping"). */
  label: string;
  /** The destination field's label ("Ping destination"). */
  destinationLabel: string;
  /** The destination field's visible label ("Destination", "URL"), its placeholder, and an example for messages. */
  targetLabel: string;
  placeholder: string;
  example: string;
  /** What is wrong with a typed destination (not blank), if anything. */
  targetProblem: (target: string) => string | undefined;
  options: readonly CommandOption[];
  action: (device: string, target: string, options: Readonly<Record<string, number>>) => Action;
}

/**
 * An IP address or a host name, as ping and traceroute take: all digits and
 * dots must be an IPv4 address; anything with a colon (IPv6) is left to the engine.
 */
export function hostTargetProblem(target: string): string | undefined {
  if (target.includes(':')) return undefined;
  if (/^[\d.]+$/.test(target)) {
    const address = parseIpv4(target);
    return address.ok ? undefined : address.error;
  }
  return hostNameProblem(target.replace(/\.$/, ''), 'The host name');
}

const HOST = { targetLabel: 'Destination', placeholder: 'IP address or name', example: '192.168.1.20 or www.example.test', targetProblem: hostTargetProblem };

export const COMMANDS: readonly CommandSpec[] = [
  {
    app: 'ping',
    label: 'Ping',
    destinationLabel: 'Ping destination',
    ...HOST,
    options: [{ key: 'count', label: 'Count', initial: '4', min: 1, max: 100, meaning: 'the number of echo requests' }],
    action: (device, target, { count }) => ({ kind: 'ping', device, target, count }),
  },
  {
    app: 'traceroute',
    label: 'Traceroute',
    destinationLabel: 'Traceroute destination',
    ...HOST,
    // traceroute -m: the most hops (TTLs) to probe; 30 by default, at most 255.
    options: [{ key: 'maxHops', label: 'Max hops', initial: '30', min: 1, max: 255, meaning: 'the most hops' }],
    action: (device, target, { maxHops }) => ({ kind: 'traceroute', device, target, maxHops }),
  },
  {
    app: 'nslookup',
    label: 'nslookup',
    destinationLabel: 'Name to look up',
    targetLabel: 'Name',
    placeholder: 'www.example.test',
    example: 'www.example.test',
    targetProblem: (target) => hostNameProblem(target.replace(/\.$/, ''), 'The name to look up'),
    options: [],
    action: (device, name) => ({ kind: 'nslookup', device, name }),
  },
  {
    // The browser prints what curl -i prints: the status line, the headers, the body.
    app: 'browser',
    label: 'Browse',
    destinationLabel: 'URL to browse',
    targetLabel: 'URL',
    placeholder: 'http://www.example.test/',
    example: 'http://www.example.test/',
    targetProblem: (target) => {
      const url = parseUrl(target);
      return url.ok ? undefined : url.error;
    },
    options: [],
    action: (device, url) => ({ kind: 'browse', device, url }),
  },
];

export const COMMAND_APPS: readonly string[] = COMMANDS.map((c) => c.app);

/** The command as an action, or what is wrong with what was typed. */
export function commandAction(spec: CommandSpec, device: string, targetText: string, optionTexts: Readonly<Record<string, string>>): { ok: true; action: Action } | { ok: false; error: string } {
  const target = targetText.trim();
  // "URL" stays in capitals; "Destination" reads as a word in the sentence.
  const noun = /^[A-Z]+$/.test(spec.targetLabel) ? spec.targetLabel : spec.targetLabel.toLowerCase();
  if (target === '') return { ok: false, error: `Type the ${noun} to ${spec.label.toLowerCase()}, like ${spec.example}.` };
  const problem = spec.targetProblem(target);
  if (problem !== undefined) return { ok: false, error: problem };
  const options: Record<string, number> = {};
  for (const option of spec.options) {
    const text = (optionTexts[option.key] ?? option.initial).trim();
    const value = Number(text);
    if (text === '' || !Number.isInteger(value) || value < option.min || value > option.max) {
      return { ok: false, error: `${option.label} (${option.meaning}) must be a whole number from ${option.min} to ${option.max}.` };
    }
    options[option.key] = value;
  }
  return { ok: true, action: spec.action(device, target, options) };
}
