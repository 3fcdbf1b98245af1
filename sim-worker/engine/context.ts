/** What every device is given by the simulation: the one clock, the trace, the tables, chance. */
import type { Notice } from '../api';
import type { Prng } from './prng';
import type { Scheduler } from './scheduler';
import type { TableJournal } from './tables';
import type { TraceRecorder } from './trace';

export interface SimContext {
  scheduler: Scheduler;
  trace: TraceRecorder;
  tables: TableJournal;
  prng: Prng;
  /** A new id for a frame a device originates (forwarded frames keep theirs). */
  newFrameId(): number;
  notify(notice: Notice): void;
  /** Hostname of a device id, for reasons a learner reads. */
  nameOf(deviceId: string): string;
}
