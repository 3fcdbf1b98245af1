/**
 * "Examples…" in the header: the example networks from public/examples/, each
 * with what it shows. Choosing one replaces the network in one undoable step,
 * as Open does; a file that cannot be fetched is reported here.
 */
import { useEffect, useState } from 'react';
import { useModalDialog } from '../ui/use-modal-dialog';
import { fetchExamples, openExample, type Example } from './examples';
import './examples.css';

export function ExamplesButton() {
  const [open, setOpen] = useState(false);
  const ref = useModalDialog(open);
  return (
    <>
      <button type="button" className="toolbar-button" onClick={() => setOpen(true)} title="Open one of the example networks">
        Examples…
      </button>
      <dialog
        ref={ref}
        className="dialog examples-dialog"
        aria-label="Example networks"
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        {open && <ExampleList close={() => setOpen(false)} />}
      </dialog>
    </>
  );
}

function ExampleList({ close }: { close: () => void }) {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void fetchExamples().then((loaded) => {
      if (!live) return;
      if (loaded.ok) setExamples(loaded.value);
      else setError(loaded.error);
    });
    return () => {
      live = false;
    };
  }, []);

  const choose = async (example: Example) => {
    setBusy(true);
    setError(null);
    const opened = await openExample(example);
    setBusy(false);
    // Opened, or refused with its problems in the banner: either way the canvas has the news.
    if (opened.ok) close();
    else setError(opened.error);
  };

  return (
    <div className="examples">
      <div className="examples__head">
        <h2 className="dialog__title">Example networks</h2>
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      </div>
      <p className="dialog__body">Opening one replaces the network on the canvas; Undo (Ctrl+Z) brings yours back.</p>
      {error && (
        <p className="examples__error" role="alert">
          {error}
        </p>
      )}
      {!examples && !error && <p className="examples__loading">Loading the examples…</p>}
      {examples && (
        <ul className="examples__list" aria-label="Examples">
          {examples.map((example) => (
            <li key={example.file}>
              <button type="button" className="examples__open" disabled={busy} onClick={() => void choose(example)}>
                <span className="examples__title">{example.title}</span>
                <span className="examples__summary">{example.summary}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
