/**
 * The terminal's screen as lines: the apps' output from the trace (each run
 * apart from the last by a blank line, as the prompt between them would be)
 * woven with what the terminal printed itself (a typed command's prompt, a
 * table, help) by where in the trace each was typed; nothing before the
 * last `clear`. Pure, so the weaving is tested without React.
 */
import type { TraceEvent } from '../../sim-worker/api';
import type { TerminalEntry } from './terminal-store';

export interface ScreenLine {
  text: string;
  /** A typed command's prompt (drawn in the prompt's colour), a table's row (kept on one line, its columns aligned), or anything else. */
  kind: 'prompt' | 'table' | 'output';
}

type Item = { seq: number; order: number; event?: TraceEvent; entry?: TerminalEntry };

export function screenLines(events: readonly TraceEvent[], entries: readonly TerminalEntry[]): ScreenLine[] {
  const items: Item[] = [...events.map((event) => ({ seq: event.seq, order: 0, event })), ...entries.map((entry) => ({ seq: entry.afterSeq, order: entry.id, entry }))];
  // An event comes before a line typed after it; lines typed at one point keep their order.
  items.sort((a, b) => a.seq - b.seq || a.order - b.order);
  let lastClear = -1;
  items.forEach((item, i) => {
    if (item.entry?.clears) lastClear = i;
  });
  const lines: ScreenLine[] = [];
  let run: string | undefined;
  for (const item of items.slice(lastClear + 1)) {
    if (item.entry) {
      const rest = item.entry.table ? 'table' : 'output';
      item.entry.lines.forEach((text, i) => lines.push({ text, kind: i === 0 ? 'prompt' : rest }));
      // The app's output that follows is the typed command's: no blank line between.
      run = undefined;
      continue;
    }
    const event = item.event!;
    // Run numbers count per app, so a run is named by both.
    const key = event.app ? `${event.app.name} ${event.app.run}` : undefined;
    if (key !== run) {
      if (run !== undefined) lines.push({ text: '', kind: 'output' });
      run = key;
    }
    lines.push({ text: event.app?.line ?? event.summary, kind: 'output' });
  }
  return lines;
}
