/** Placeholder until the trace UI lands. */
export function LiveTables(_props: { deviceId: string }) {
  return null;
}
