/**
 * Reads what a learner types for a cable's speed, delay and loss: a number
 * with a unit, as the inspector shows them ("100 Mbit/s", "250 ms", "2 %");
 * a bare speed or delay is bits per second or nanoseconds, as in the saved
 * network.
 */
import type { Result } from '../../sim-worker/api';

const RATE_UNITS: Record<string, number> = { 'bit/s': 1, bps: 1, 'kbit/s': 1e3, kbps: 1e3, 'mbit/s': 1e6, mbps: 1e6, 'gbit/s': 1e9, gbps: 1e9, 'tbit/s': 1e12, tbps: 1e12 };
const TIME_UNITS: Record<string, number> = { ns: 1, 'µs': 1e3, us: 1e3, ms: 1e6, s: 1e9 };

function read(text: string, units: Record<string, number>, example: string): Result<number> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([^\d\s]*)\s*$/.exec(text);
  const scale = match ? (match[2] === '' ? 1 : units[match[2].toLowerCase()]) : undefined;
  if (!match || scale === undefined) return { ok: false, error: `Type a number and a unit, like ${example}` };
  return { ok: true, value: Math.round(Number(match[1]) * scale) };
}

export function parseBandwidth(text: string): Result<number> {
  return read(text, RATE_UNITS, '100 Mbit/s or 1 Gbit/s');
}

export function parseDelay(text: string): Result<number> {
  return read(text, TIME_UNITS, '5 ms or 250 µs');
}

/** A rate (loss, reordering) as a percentage ("2 %", "0.5%"; the % may be left out), as the chance 0…1 the document keeps. */
export function parsePercent(text: string): Result<number> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match) return { ok: false, error: 'Type a percentage, like 2 % (0 for none)' };
  return { ok: true, value: Number(match[1]) / 100 };
}

export function formatPercent(rate: number | undefined): string {
  return `${+((rate ?? 0) * 100).toFixed(4)} %`;
}
