/** Placeholder until the trace UI lands. */
export function EventList() {
  return null;
}
