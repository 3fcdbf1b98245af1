/** The device's power switch: off, it loses every link and forgets what it learned; on, it starts afresh. */
import { usePoweredOffNow } from '../store/hardware-state';
import { simClient } from '../sim/client';
import { ActionToggle } from './ActionToggle';

export function PowerControl({ deviceId, name }: { deviceId: string; name: string }) {
  const off = usePoweredOffNow(deviceId);
  return (
    <ActionToggle pressed={off} act={() => simClient().act({ kind: 'power', device: deviceId, on: off })} title={off ? `Switch ${name} on again` : `Switch ${name} off`}>
      {off ? 'Power on' : 'Power off'}
    </ActionToggle>
  );
}
