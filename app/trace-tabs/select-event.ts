import { useSelectionStore } from '../store/selection-store';
import { indexOfSeq, useTraceStore } from '../store/trace-store';
import { selectableDevice } from '../canvas/vm-layout';

/**
 * Selects an event from the timeline or the ladder: the cursor moves there and
 * its device is selected, as a click in the event list does. Playback pauses,
 * so the event the learner asked to see stays on screen.
 */
export function selectEvent(seq: number): void {
  const trace = useTraceStore.getState();
  const index = indexOfSeq(trace.events, seq);
  if (index === -1) return;
  trace.pause();
  trace.select(seq);
  useSelectionStore.getState().selectDevice(selectableDevice(trace.events[index].device));
}
