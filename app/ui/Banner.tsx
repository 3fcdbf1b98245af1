/**
 * The app-wide notice from the document store. Errors stay until dismissed or
 * replaced; information fades after a few seconds.
 */
import { useEffect } from 'react';
import { useDocumentStore } from '../store/document-store';
import { CloseIcon, InfoIcon, WarningIcon } from './icons';

const INFO_SECONDS = 6;

export function Banner() {
  const message = useDocumentStore((s) => s.message);
  const dismiss = useDocumentStore((s) => s.dismiss);

  useEffect(() => {
    if (message?.kind !== 'info') return;
    const id = message.id;
    const timer = setTimeout(() => {
      // Only dismiss the notice this timer was started for.
      if (useDocumentStore.getState().message?.id === id) dismiss();
    }, INFO_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [message, dismiss]);

  return (
    // Always in the page, so screen readers hear each notice as it arrives.
    <div className="banner-slot" aria-live="polite">
      {message && (
        <div key={message.id} className={`banner banner--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          <span className="banner__icon">{message.kind === 'error' ? <WarningIcon /> : <InfoIcon />}</span>
          <p className="banner__text">{message.text}</p>
          <button type="button" className="icon-button" onClick={dismiss} aria-label="Dismiss notice">
            <CloseIcon size={16} />
          </button>
        </div>
      )}
    </div>
  );
}
