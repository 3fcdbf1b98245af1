/** The selected cable: its two ends, its medium and timing (editable), cut/restore, capture and delete. */
import { useId, useState } from 'react';
import type { LinkDoc, LinkEnd, LinkMedium } from '../../sim-worker/document/schema';
import { removeLink } from '../../sim-worker/document/edits';
import { checkLinkProperties, setLinkMedium, setLinkProperties, type LinkPropertiesPatch } from '../../sim-worker/document/link-edits';
import { LINK_MEDIA, LINK_MEDIA_ORDER } from '../../sim-worker/document/link-media';
import { useCableCutNow } from '../store/hardware-state';
import { simClient } from '../sim/client';
import { EditableField } from './EditableField';
import { parseBandwidth, parseDelay } from './link-units';
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

/** Checks a typed value: read with its unit, then against the cable's bounds. */
function checkTyped(text: string, parse: (text: string) => { ok: true; value: number } | { ok: false; error: string }, field: keyof LinkPropertiesPatch): string | undefined {
  const parsed = parse(text);
  if (!parsed.ok) return parsed.error;
  return checkLinkProperties({ [field]: parsed.value })[field];
}

function commitTyped(link: LinkDoc, text: string, parse: typeof parseBandwidth, field: keyof LinkPropertiesPatch): string | undefined {
  const parsed = parse(text);
  if (!parsed.ok) return parsed.error;
  return useDocumentStore.getState().apply((doc) => setLinkProperties(doc, link.id, { [field]: parsed.value })) ?? undefined;
}

function MediumSelect({ link }: { link: LinkDoc }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        Medium
      </label>
      <select
        id={id}
        className="field__input"
        value={link.medium}
        onChange={(event) => {
          const { apply, notify } = useDocumentStore.getState();
          const error = apply((doc) => setLinkMedium(doc, link.id, event.target.value as LinkMedium));
          if (error) notify('error', error);
        }}
      >
        {LINK_MEDIA_ORDER.map((medium) => (
          <option key={medium} value={medium}>
            {LINK_MEDIA[medium].label}
          </option>
        ))}
      </select>
      <div className="field__hint">Preset: {LINK_MEDIA[link.medium].basis}. Choosing a medium sets its bandwidth and delay; both stay editable.</div>
    </div>
  );
}

/** Cut or restore the cable while the network runs: frames on it are lost, both ends lose their link. */
function CutControl({ link }: { link: LinkDoc }) {
  const cut = useCableCutNow(link.id);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    const result = await simClient().act({ kind: 'link', link: link.id, up: cut });
    setError(result.ok ? null : result.error);
  };
  return (
    <>
      <button type="button" className="button" onClick={() => void toggle()} aria-pressed={cut}>
        {cut ? 'Restore cable' : 'Cut cable'}
      </button>
      {error && (
        <p className="trace-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
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
          <p className="inspector-head__subtitle">{LINK_MEDIA[link.medium].label}, full duplex</p>
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
      </section>

      <section className="inspector-section" aria-label="Cable properties">
        <MediumSelect link={link} />
        <EditableField
          label="Bandwidth"
          value={formatBandwidth(link.bandwidthBps)}
          check={(text) => checkTyped(text, parseBandwidth, 'bandwidthBps')}
          commit={(text) => commitTyped(link, text, parseBandwidth, 'bandwidthBps')}
          placeholder="1 Gbit/s"
        />
        <EditableField
          label="Delay (one way)"
          value={formatDelay(link.delayNs)}
          check={(text) => checkTyped(text, parseDelay, 'delayNs')}
          commit={(text) => commitTyped(link, text, parseDelay, 'delayNs')}
          placeholder="1 µs"
        />
      </section>

      <section className="inspector-section inspector-section--actions">
        <CutControl link={link} />
        <CaptureButton scope={{ kind: 'link', link: link.id }} label="Save capture of this cable" />
        <button type="button" className="button button--danger" onClick={() => deleteLink(link)}>
          <TrashIcon />
          Delete cable
        </button>
      </section>
    </div>
  );
}
