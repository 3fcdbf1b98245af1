/** The selected cable: its two ends, its medium and timing, capture and delete. */
import type { LinkDoc, LinkEnd } from '../../sim-worker/document/schema';
import { removeLink } from '../../sim-worker/document/edits';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { CaptureButton } from '../actions/CaptureButton';
import { CableIcon, TrashIcon } from '../ui/icons';
import { formatBandwidth, formatDelay } from './format';

function End({ end }: { end: LinkEnd }) {
  const name = useDocumentStore((s) => s.doc.devices.find((d) => d.id === end.device)?.name ?? end.device);
  const selectDevice = useSelectionStore((s) => s.selectDevice);
  return (
    <span className="cable-end">
      <button type="button" className="link-button" onClick={() => selectDevice(end.device)} title={`Select ${name}`}>
        {name}
      </button>{' '}
      <span className="mono">{end.interface}</span>
    </span>
  );
}

function deleteLink(link: LinkDoc): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => removeLink(doc, link.id));
  if (error) {
    notify('error', error);
    return;
  }
  useSelectionStore.getState().selectLink(null);
  notify('info', 'Cable removed. Undo (Ctrl+Z) plugs it back in.');
}

export function LinkInspector({ link }: { link: LinkDoc }) {
  return (
    <div className="inspector-body">
      <header className="inspector-head">
        <span className="inspector-head__icon device-tint--cable">
          <CableIcon size={22} />
        </span>
        <div>
          <h2 className="inspector-head__title">Cable</h2>
          <p className="inspector-head__subtitle">Copper, full duplex</p>
        </div>
      </header>

      <section className="inspector-section" aria-label="Cable ends">
        <p className="cable-ends">
          <End end={link.a} />
          <span className="cable-ends__join" aria-label="connected to">
            ⟷
          </span>
          <End end={link.b} />
        </p>
        <dl className="facts">
          <div>
            <dt>Medium</dt>
            <dd>{link.medium}</dd>
          </div>
          <div>
            <dt>Bandwidth</dt>
            <dd>{formatBandwidth(link.bandwidthBps)}</dd>
          </div>
          <div>
            <dt>Delay</dt>
            <dd>{formatDelay(link.delayNs)}</dd>
          </div>
        </dl>
      </section>

      <section className="inspector-section inspector-section--actions">
        <CaptureButton scope={{ kind: 'link', link: link.id }} label="Save capture of this cable" />
        <button type="button" className="button button--danger" onClick={() => deleteLink(link)}>
          <TrashIcon />
          Delete cable
        </button>
      </section>
    </div>
  );
}
