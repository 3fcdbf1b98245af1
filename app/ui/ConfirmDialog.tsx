/**
 * A modal question asked inside the app (a native <dialog>, so focus is trapped
 * and Escape cancels), instead of window.confirm.
 */
import { useId, type ReactNode } from 'react';
import { useModalDialog } from './use-modal-dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel = 'Cancel', onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useModalDialog(open);
  const titleId = useId();
  const bodyId = useId();

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape: let React state close the dialog, so state and DOM never disagree.
        event.preventDefault();
        onCancel();
      }}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <div id={bodyId} className="dialog__body">
            {children}
          </div>
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onCancel} autoFocus>
              {cancelLabel}
            </button>
            <button type="submit" className="button button--primary">
              {confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
