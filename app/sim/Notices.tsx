/**
 * What the simulator wants the learner to know: a loop flooding the network
 * (prominent, with a Stop button while it runs), the trace being trimmed, the
 * engine stopping early or restarting, a network it could not load.
 */
import type { UiNotice } from '../store/trace-store';
import { useTraceStore } from '../store/trace-store';
import { useDocumentStore } from '../store/document-store';
import { simClient } from './client';
import '../trace.css';

const LOOP_PREFIX = 'A loop is flooding the network';

function loopText(notice: UiNotice): string {
  return notice.message.startsWith(LOOP_PREFIX) ? notice.message : `${LOOP_PREFIX}: ${notice.message}`;
}

function NoticeItem({ notice, names }: { notice: UiNotice; names: (id: string) => string }) {
  const dismiss = useTraceStore((s) => s.dismissNotice);
  const running = useTraceStore((s) => s.running);
  const loop = notice.kind === 'loop';
  const serious = loop || notice.kind === 'restart' || notice.kind === 'error' || notice.kind === 'duplicate-address';
  return (
    <div className={`trace-notice trace-notice--${notice.kind}`} role={serious ? 'alert' : 'status'}>
      <span className="trace-notice__icon" aria-hidden="true">
        {serious ? '⚠' : 'ℹ'}
      </span>
      <span className="trace-notice__text">
        {loop ? <strong>{loopText(notice)}</strong> : notice.message}
        {notice.devices && notice.devices.length > 0 && (
          <span className="trace-notice__devices"> Devices involved: {notice.devices.map(names).join(', ')}.</span>
        )}
      </span>
      {loop && running && (
        <button type="button" className="button button--danger" onClick={() => void simClient().stop()}>
          Stop the simulation
        </button>
      )}
      <button type="button" className="link-button trace-dismiss" aria-label="Dismiss notice" onClick={() => dismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useTraceStore((s) => s.notices);
  const devices = useDocumentStore((s) => s.doc.devices);
  const names = (id: string) => devices.find((d) => d.id === id)?.name ?? id;
  // Loops first: they are the one thing the learner must act on.
  const ordered = [...notices].sort((a, b) => Number(b.kind === 'loop') - Number(a.kind === 'loop'));
  return (
    <div className="trace-notices" aria-label="Simulator notices" role="region" hidden={notices.length === 0}>
      {ordered.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} names={names} />
      ))}
    </div>
  );
}
