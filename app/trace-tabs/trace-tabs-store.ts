/**
 * Which view fills the panel beside the event list (the OSI layers, the page
 * load's timeline, or a ladder diagram), and the ladder's two endpoints.
 * UI state, never saved. Other panels open the ladder through `openLadder`
 * (a connection in a socket table, say).
 */
import { create } from 'zustand';
import type { Flow } from '../ladder/ladder-model';

export type TraceTab = 'osi' | 'page-load' | 'ladder';

export interface LadderChoice {
  /** Device ids; null until the learner (or openLadder) picks one. */
  a: string | null;
  b: string | null;
  /** One TCP or UDP flow as `a` sees it, or every frame between the two. */
  flow: Flow | null;
}

interface TraceTabsState {
  tab: TraceTab;
  ladder: LadderChoice;
  setTab(tab: TraceTab): void;
  setLadder(choice: Partial<LadderChoice>): void;
  /** Shows the ladder diagram between two devices, optionally of one flow. */
  openLadder(a: string, b: string, flow?: Flow): void;
}

export const useTraceTabs = create<TraceTabsState>((set) => ({
  tab: 'osi',
  ladder: { a: null, b: null, flow: null },
  setTab: (tab) => set({ tab }),
  setLadder: (choice) => set((s) => ({ ladder: { ...s.ladder, ...choice } })),
  openLadder: (a, b, flow) => set({ tab: 'ladder', ladder: { a, b, flow: flow ?? null } }),
}));
