/**
 * What each device's terminal printed itself (typed prompts, tables, help,
 * errors), kept apart from the trace's app lines and woven between them by
 * `afterSeq`; kept per device, so selecting another device and back keeps
 * the screen. Entries from an earlier simulation (another `generation`) are
 * not shown: their events are gone.
 */
import { create } from 'zustand';

export interface TerminalEntry {
  id: number;
  generation: number;
  /** Shown after the trace's events up to this seq (-1: before them all). */
  afterSeq: number;
  lines: string[];
  /** `clear`: nothing before it is shown. */
  clears?: boolean;
  /** The lines after the prompt are a table's: never wrapped, so its columns stay aligned. */
  table?: boolean;
}

interface TerminalState {
  entries: Readonly<Record<string, readonly TerminalEntry[]>>;
  /** What was typed on each device, oldest first, for the arrow keys. */
  typed: Readonly<Record<string, readonly string[]>>;
  add(deviceId: string, entry: Omit<TerminalEntry, 'id'>): void;
  remember(deviceId: string, line: string): void;
}

let nextId = 1;

export const useTerminalStore = create<TerminalState>((set) => ({
  entries: {},
  typed: {},
  add: (deviceId, entry) => set((s) => ({ entries: { ...s.entries, [deviceId]: [...(s.entries[deviceId] ?? []), { ...entry, id: nextId++ }] } })),
  remember: (deviceId, line) => set((s) => ({ typed: { ...s.typed, [deviceId]: [...(s.typed[deviceId] ?? []), line].slice(-50) } })),
}));
