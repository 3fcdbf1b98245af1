/** Learner-facing formatting of link properties. */

const RATE_UNITS: [number, string][] = [
  [1e9, 'Gbit/s'],
  [1e6, 'Mbit/s'],
  [1e3, 'kbit/s'],
];

function trim(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
}

/** 1000000000 → "1 Gbit/s". */
export function formatBandwidth(bps: number): string {
  for (const [size, unit] of RATE_UNITS) if (bps >= size) return `${trim(bps / size)} ${unit}`;
  return `${trim(bps)} bit/s`;
}

const TIME_UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
];

/** 1000 → "1 µs". */
export function formatDelay(ns: number): string {
  for (const [size, unit] of TIME_UNITS) if (ns >= size) return `${trim(ns / size)} ${unit}`;
  return `${trim(ns)} ns`;
}

const DURATION_UNITS: [number, string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** 86400 → "1 day", 9000 → "2 hours 30 minutes": a lease time read at a glance. */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let left = Math.floor(seconds);
  for (const [size, unit] of DURATION_UNITS) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 seconds';
}
