/** Small formatters shared by the trace views. */

/** Simulated time in ns → "0 s", "850 ns", "12.5 µs", "1.234 ms", "2.000781 s". */
export function formatSimTime(ns: number): string {
  if (ns === 0) return '0 s';
  const abs = Math.abs(ns);
  if (abs < 1_000) return `${ns} ns`;
  if (abs < 1_000_000) return `${trim((ns / 1_000).toFixed(3))} µs`;
  if (abs < 1_000_000_000) return `${trim((ns / 1_000_000).toFixed(3))} ms`;
  return `${trim((ns / 1_000_000_000).toFixed(6))} s`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Bits per second → "1 Gbit/s", "100 Mbit/s", "9600 bit/s". */
export function formatBandwidth(bps: number): string {
  if (bps >= 1e9) return `${trim((bps / 1e9).toFixed(3))} Gbit/s`;
  if (bps >= 1e6) return `${trim((bps / 1e6).toFixed(3))} Mbit/s`;
  if (bps >= 1e3) return `${trim((bps / 1e3).toFixed(3))} kbit/s`;
  return `${bps} bit/s`;
}

export function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** Printable ASCII or a dot, as hex dumps show it. */
export function asciiChar(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}
