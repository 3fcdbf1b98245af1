/** New, Open…, Examples… and Save in the header. */
import { useRef, useState, type ChangeEvent } from 'react';
import { emptyDocument } from '../../sim-worker/document/schema';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { NewIcon, OpenIcon, SaveIcon } from '../ui/icons';
import { openNetworkFile } from './open-network';
import { ExamplesButton } from './ExamplesDialog';
import { saveNetworkFile, SAVE_FILE_NAME } from './save-network';
import { exportLessonStart, LESSON_START_FILE_NAME } from '../lessons/export-lesson';

function startNew(): void {
  const { replace, notify } = useDocumentStore.getState();
  replace(emptyDocument());
  useSelectionStore.getState().selectDevice(null);
  notify('info', 'Started a new network. Undo (Ctrl+Z) brings back the previous one.');
}

export function FileActions() {
  const fileInput = useRef<HTMLInputElement>(null);
  const [confirmingNew, setConfirmingNew] = useState(false);
  const deviceCount = useDocumentStore((s) => s.doc.devices.length);

  const onNew = () => {
    if (deviceCount === 0) startNew();
    else setConfirmingNew(true);
  };

  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Clear the input, so choosing the same file again still fires a change.
    event.target.value = '';
    if (file) void openNetworkFile(file);
  };

  return (
    <>
      <button type="button" className="toolbar-button" onClick={onNew}>
        <NewIcon />
        New
      </button>
      <button type="button" className="toolbar-button" onClick={() => fileInput.current?.click()}>
        <OpenIcon />
        Open…
      </button>
      <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={onFileChosen} aria-label="Open network file" />
      <ExamplesButton />
      <button
        type="button"
        className="toolbar-button"
        onClick={() => saveNetworkFile(useDocumentStore.getState().doc)}
        title={`Download the network as ${SAVE_FILE_NAME}`}
      >
        <SaveIcon />
        Save
      </button>
      <button
        type="button"
        className="toolbar-button"
        onClick={() => exportLessonStart(useDocumentStore.getState().doc)}
        title={`Download a lesson that starts from this network, as ${LESSON_START_FILE_NAME}`}
      >
        Export as lesson start
      </button>
      <ConfirmDialog
        open={confirmingNew}
        title="Start a new network?"
        confirmLabel="Start new network"
        onCancel={() => setConfirmingNew(false)}
        onConfirm={() => {
          setConfirmingNew(false);
          startNew();
        }}
      >
        <p>
          The canvas will be cleared ({deviceCount === 1 ? 'one device' : `${deviceCount} devices`}). You can bring the current network back with
          Undo, or keep a copy first with Save.
        </p>
      </ConfirmDialog>
    </>
  );
}
