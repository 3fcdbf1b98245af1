/**
 * The device palette. Each item is a button named by its kind ("Computer"):
 * click or Enter adds the device in free space and selects it; dragging it onto
 * the canvas adds it where it is dropped (the canvas handles the drop).
 */
import { useCallback, useMemo, type DragEvent } from 'react';
import type { DeviceKind } from '../../sim-worker/document/schema';
import { addDevice } from '../../sim-worker/document/edits';
import { addVm } from '../../sim-worker/document/vm-edits';
import { VM_NEEDS_HOST } from '../../sim-worker/document/vm-rules';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import { applyOrNotify } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { DEVICE_ICONS } from '../ui/icons';
import { useLessonStore } from '../lessons/lesson-store';
import { DEVICE_DRAG_TYPE, DEVICE_KIND_INFO, offeredKinds } from './device-kinds';

function addInFreeSpace(kind: DeviceKind): void {
  let added: string | undefined;
  applyOrNotify((doc) => {
    // A VM goes into the selected computer (the keyboard's way to drop it onto one).
    const result = kind === 'vm' ? addVmToSelection(doc) : addDevice(doc, kind);
    if (result.ok) added = result.deviceId;
    return result;
  });
  if (added) useSelectionStore.getState().selectDevice(added);
}

function addVmToSelection(doc: NetworkDocument) {
  const selected = useSelectionStore.getState().deviceId;
  const device = doc.devices.find((d) => d.id === selected);
  const host = device?.kind === 'vm' ? device.vm?.host : device?.id;
  return host === undefined ? { ok: false as const, error: `${VM_NEEDS_HOST}, or select a computer and click VM` } : addVm(doc, host);
}

function PaletteItem({ kind }: { kind: DeviceKind }) {
  const info = DEVICE_KIND_INFO[kind];
  const Icon = DEVICE_ICONS[kind];
  const descriptionId = `palette-${kind}-description`;
  const onDragStart = useCallback(
    (event: DragEvent<HTMLButtonElement>) => {
      event.dataTransfer.setData(DEVICE_DRAG_TYPE, kind);
      event.dataTransfer.setData('text/plain', info.label);
      event.dataTransfer.effectAllowed = 'copy';
    },
    [kind, info.label],
  );
  return (
    <li>
      <button
        type="button"
        className={`palette-item palette-item--${kind}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => addInFreeSpace(kind)}
        aria-label={info.label}
        aria-describedby={descriptionId}
      >
        <span className="palette-item__icon">
          <Icon size={24} />
        </span>
        <span className="palette-item__text">
          <span className="palette-item__label">{info.label}</span>
          <span className="palette-item__description" id={descriptionId}>
            {info.description}
          </span>
        </span>
      </button>
    </li>
  );
}

export function Palette() {
  const lessonPalette = useLessonStore((s) => s.lesson?.palette ?? null);
  const kinds = useMemo(() => offeredKinds(lessonPalette), [lessonPalette]);
  return (
    <div className="palette">
      <h2 className="panel-title">Devices</h2>
      <ul className="palette-list">
        {kinds.map((kind) => (
          <PaletteItem key={kind} kind={kind} />
        ))}
      </ul>
      <p className="palette-hint">Click to add, or drag onto the canvas.</p>
    </div>
  );
}
