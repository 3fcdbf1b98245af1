/**
 * Saves what the trace window holds as a pcap file Wireshark opens
 * (the whole network, one link, or one interface).
 */
import { useEffect, useState } from 'react';
import type { CaptureScope } from '../../sim-worker/api';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import { useDocumentStore } from '../store/document-store';
import { simClient } from '../sim/client';
import '../trace.css';

/** A pcap file with no packets is just its 24-byte global header (pcap format, "File Header"). */
const PCAP_HEADER_LENGTH = 24;

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'capture';
}

export function captureFileName(scope: CaptureScope, doc: NetworkDocument): string {
  const deviceName = (id: string) => doc.devices.find((d) => d.id === id)?.name ?? id;
  switch (scope.kind) {
    case 'all':
      return 'flintnet-all.pcap';
    case 'link': {
      const link = doc.links.find((l) => l.id === scope.link);
      const name = link ? `${deviceName(link.a.device)}-${deviceName(link.b.device)}` : scope.link;
      return `flintnet-${safeName(name)}.pcap`;
    }
    case 'interface':
      return `flintnet-${safeName(`${deviceName(scope.device)}-${scope.interface}`)}.pcap`;
  }
}

function download(bytes: Uint8Array, fileName: string) {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Says which capture a button saves, for buttons repeated on every interface. */
function captureContext(scope: CaptureScope, doc: NetworkDocument): string | undefined {
  if (scope.kind !== 'interface') return undefined;
  const device = doc.devices.find((d) => d.id === scope.device)?.name ?? scope.device;
  return `of ${device} ${scope.interface}`;
}

export function CaptureButton({ scope, label = 'Save capture' }: { scope: CaptureScope; label?: string }) {
  const context = useDocumentStore((s) => captureContext(scope, s.doc));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  // The message floats over other panels: let it go by itself after a while.
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(() => setMessage(null), 8000);
    return () => clearTimeout(timer);
  }, [message]);

  async function save() {
    setBusy(true);
    setMessage(null);
    const result = await simClient().capture(scope);
    setBusy(false);
    if (!result.ok) {
      setMessage(`Could not save the capture: ${result.error}`);
    } else if (result.value.length <= PCAP_HEADER_LENGTH) {
      setMessage('The capture is empty: send some traffic first (ping another computer).');
    } else {
      download(result.value, captureFileName(scope, useDocumentStore.getState().doc));
    }
  }

  return (
    <span className="capture-button">
      <button
        type="button"
        className="button button--small"
        onClick={() => void save()}
        disabled={busy}
        aria-label={context ? `${label} ${context}` : undefined}
        title="Download a .pcap file you can open in Wireshark"
      >
        {busy ? 'Saving…' : label}
      </button>
      {message && (
        <span className="capture-button__message" role="alert">
          {message}
          <button type="button" className="link-button trace-dismiss" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </span>
      )}
    </span>
  );
}
