/** What a benchmark scenario is: a network, the actions started at time 0, and how many echo replies should come back. */
import type { Action } from '../api';
import type { NetworkDocument } from '../document/schema';

export interface Scenario {
  title: string;
  doc: NetworkDocument;
  actions: Action[];
  expectedReplies: number;
}

/** 02:00:… (locally administered), numbered. */
export function macAddress(n: number): string {
  const hex = (shift: number) => ((n >>> shift) & 255).toString(16).padStart(2, '0');
  return `02:00:${hex(24)}:${hex(16)}:${hex(8)}:${hex(0)}`;
}
