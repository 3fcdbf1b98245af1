/** The selected cable: its two ends, its medium and timing (editable), cut/restore, capture and delete. */
import { useId } from 'react';
import type { LinkDoc, LinkEnd, LinkMedium } from '../../sim-worker/document/schema';
import { removeLink } from '../../sim-worker/document/edits';
import { checkLinkProperties, setLinkMedium, setLinkProperties, type LinkPropertiesPatch } from '../../sim-worker/document/link-edits';
import { LINK_MEDIA, LINK_MEDIA_ORDER } from '../../sim-worker/document/link-media';
import { useCableCutNow } from '../store/hardware-state';
import { simClient } from '../sim/client';
import { ActionToggle } from './ActionToggle';
import { EditableField } from './EditableField';
import { formatPercent, parseBandwidth, parseDelay, parsePercent } from './link-units';
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

type UnitParser = (text: string) => { ok: true; value: number } | { ok: false; error: string };

/** A figure of the cable typed with its unit: read with it, then checked against the cable's bounds and applied. */
function TypedField({ link, field, label, value, parse, placeholder }: { link: LinkDoc; field: keyof LinkPropertiesPatch; label: string; value: string; parse: UnitParser; placeholder: string }) {
  const read = (text: string, then: (value: number) => string | null | undefined) => {
    const parsed = parse(text);
    return parsed.ok ? (then(parsed.value) ?? undefined) : parsed.error;
  };
  return (
    <EditableField
      label={label}
      value={value}
      check={(text) => read(text, (v) => checkLinkProperties({ [field]: v })[field])}
      commit={(text) => read(text, (v) => useDocumentStore.getState().apply((doc) => setLinkProperties(doc, link.id, { [field]: v })))}
      placeholder={placeholder}
    />
  );
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
  return (
    <ActionToggle pressed={cut} act={() => simClient().act({ kind: 'link', link: link.id, up: cut })}>
      {cut ? 'Restore cable' : 'Cut cable'}
    </ActionToggle>
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
        <TypedField link={link} field="bandwidthBps" label="Bandwidth" value={formatBandwidth(link.bandwidthBps)} parse={parseBandwidth} placeholder="1 Gbit/s" />
        <TypedField link={link} field="delayNs" label="Delay (one way)" value={formatDelay(link.delayNs)} parse={parseDelay} placeholder="1 µs" />
        <TypedField link={link} field="lossRate" label="Frames lost" value={formatPercent(link.lossRate)} parse={parsePercent} placeholder="0 %" />
        <TypedField link={link} field="reorderRate" label="Frames reordered" value={formatPercent(link.reorderRate)} parse={parsePercent} placeholder="0 %" />
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
