/**
 * The address each computer or server on DHCP holds as of the event shown,
 * for its caption on the canvas: asked of the engine as the trace moves,
 * and not at all while no device is on DHCP.
 */
import { useCallback } from 'react';
import { captionedByLease } from '../../sim-worker/document/dhcp-rules';
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { simClient } from '../sim/client';
import { useLatestAnswer } from '../sim/use-latest-answer';
import { shownSeq, useTraceStore } from '../store/trace-store';

const NONE: Readonly<Record<string, string>> = {};

export function useLeasedAddresses(devices: readonly DeviceDoc[]): Readonly<Record<string, string>> {
  const onDhcp = devices.some(captionedByLease);
  const atSeq = useTraceStore(shownSeq);
  const generation = useTraceStore((s) => s.generation);
  const ask = useCallback(async () => {
    if (!onDhcp) return NONE;
    const result = await simClient().leases(atSeq);
    return result.ok ? result.value : NONE;
  }, [onDhcp, atSeq]);
  const latest = useLatestAnswer(`${onDhcp} ${atSeq} ${generation}`, ask);
  return onDhcp && latest ? latest.answer : NONE;
}
