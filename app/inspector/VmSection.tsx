/**
 * A VM's own section: which computer it runs inside, and its network mode,
 * each mode explained in one line (VM_MODE_INFO). A host lists its VMs here too.
 */
import { useId, useMemo } from 'react';
import type { DeviceDoc, VmMode } from '../../sim-worker/document/schema';
import { VM_MODES } from '../../sim-worker/document/schema';
import { setVmMode } from '../../sim-worker/document/vm-edits';
import { guestsOf, VM_MODE_INFO } from '../../sim-worker/document/vm-rules';
import { applyOrNotify, useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { InspectorSection } from './InspectorSection';
import './vm-section.css';

function HostLink({ deviceId }: { deviceId: string }) {
  const name = useDocumentStore((s) => s.doc.devices.find((d) => d.id === deviceId)?.name ?? deviceId);
  return (
    <button type="button" className="link-button" onClick={() => useSelectionStore.getState().selectDevice(deviceId)} title={`Select ${name}`}>
      {name}
    </button>
  );
}

export function VmSection({ device }: { device: DeviceDoc }) {
  const labelId = useId();
  if (!device.vm) return null;
  const current = device.vm.mode;
  const choose = (mode: VmMode) => applyOrNotify((doc) => setVmMode(doc, device.id, mode));
  return (
    <InspectorSection title="Virtual machine">
      <p className="field__hint">
        Runs inside <HostLink deviceId={device.vm.host} />. It takes no cable: its network mode wires it.
      </p>
      <fieldset className="vm-modes" aria-labelledby={labelId}>
        <legend className="field__label" id={labelId}>
          Network mode
        </legend>
        {VM_MODES.map((mode) => (
          <label key={mode} className={`vm-modes__option${current === mode ? ' is-checked' : ''}`}>
            <input type="radio" name={labelId} value={mode} checked={current === mode} onChange={() => choose(mode)} />
            <span className="vm-modes__label">{VM_MODE_INFO[mode].label}</span>
            <span className="vm-modes__explanation">{VM_MODE_INFO[mode].explanation}</span>
          </label>
        ))}
      </fieldset>
    </InspectorSection>
  );
}

/** On a computer: its VMs, each a link (nothing while it hosts none). */
export function GuestsSection({ device }: { device: DeviceDoc }) {
  const devices = useDocumentStore((s) => s.doc.devices);
  const guests = useMemo(() => guestsOf(devices, device.id), [devices, device.id]);
  if (guests.length === 0) return null;
  return (
    <InspectorSection title={`VMs (${guests.length})`}>
      <ul className="vm-guests">
        {guests.map((vm) => (
          <li key={vm.id}>
            <HostLink deviceId={vm.id} /> · {VM_MODE_INFO[vm.vm!.mode].label}
          </li>
        ))}
      </ul>
    </InspectorSection>
  );
}
