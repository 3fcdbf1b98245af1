/**
 * The commands a device's inspector can run, each an engine action with its
 * options. A new command (say, an IPv6 ping or a DNS lookup) is one more entry.
 */
import type { Action } from '../../sim-worker/api';
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
  options: readonly CommandOption[];
  action: (device: string, target: string, options: Readonly<Record<string, number>>) => Action;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    app: 'ping',
    label: 'Ping',
    destinationLabel: 'Ping destination',
    options: [{ key: 'count', label: 'Count', initial: '4', min: 1, max: 100, meaning: 'the number of echo requests' }],
    action: (device, target, { count }) => ({ kind: 'ping', device, target, count }),
  },
  {
    app: 'traceroute',
    label: 'Traceroute',
    destinationLabel: 'Traceroute destination',
    // traceroute -m: the most hops (TTLs) to probe; 30 by default, at most 255.
    options: [{ key: 'maxHops', label: 'Max hops', initial: '30', min: 1, max: 255, meaning: 'the most hops' }],
    action: (device, target, { maxHops }) => ({ kind: 'traceroute', device, target, maxHops }),
  },
];

export const COMMAND_APPS: readonly string[] = COMMANDS.map((c) => c.app);

/**
 * The command as an action, or what is wrong with what was typed. An IPv4
 * destination is checked here; anything with a colon (IPv6) is left to the engine.
 */
export function commandAction(spec: CommandSpec, device: string, targetText: string, optionTexts: Readonly<Record<string, string>>): { ok: true; action: Action } | { ok: false; error: string } {
  const target = targetText.trim();
  if (target === '') return { ok: false, error: `Type the address to ${spec.label.toLowerCase()}, like 192.168.1.20.` };
  if (!target.includes(':')) {
    const address = parseIpv4(target);
    if (!address.ok) return address;
  }
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
