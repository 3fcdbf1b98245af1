/** Placeholder until the trace UI lands. */
export function PingPanel(_props: { deviceId: string }) {
  return null;
}
