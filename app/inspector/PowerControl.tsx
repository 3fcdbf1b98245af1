/** The device's power switch: off, it loses every link and forgets what it learned; on, it starts afresh. */
import { useState } from 'react';
import { usePoweredOffNow } from '../store/hardware-state';
import { simClient } from '../sim/client';

export function PowerControl({ deviceId, name }: { deviceId: string; name: string }) {
  const off = usePoweredOffNow(deviceId);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    const result = await simClient().act({ kind: 'power', device: deviceId, on: off });
    setError(result.ok ? null : result.error);
  };
  return (
    <>
      <button type="button" className="button" onClick={() => void toggle()} aria-pressed={off} title={off ? `Switch ${name} on again` : `Switch ${name} off`}>
        {off ? 'Power on' : 'Power off'}
      </button>
      {error && (
        <p className="trace-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
