/**
 * The device palette. Each item is a button named by its kind ("Computer")
 * or a server preset ("Web server"):
 * click or Enter adds the device in free space and selects it; dragging it onto
 * the canvas adds it where it is dropped (the canvas handles the drop).
 */
import { useCallback, useMemo, type DragEvent } from 'react';
import { addVm } from '../../sim-worker/document/vm-edits';
import { VM_NEEDS_HOST } from '../../sim-worker/document/vm-rules';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import { applyOrNotify } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { DEVICE_ICONS, PRESET_ICONS } from '../ui/icons';
import { useLessonStore } from '../lessons/lesson-store';
import { addPaletteDevice, DEVICE_DRAG_TYPE, offeredItems, type PaletteItem as PaletteItemInfo } from './device-kinds';

function addInFreeSpace(item: PaletteItemInfo): void {
  let added: string | undefined;
  applyOrNotify((doc) => {
    // A VM goes into the selected computer (the keyboard's way to drop it onto one).
    const result = item.kind === 'vm' ? addVmToSelection(doc) : addPaletteDevice(doc, item);
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

function PaletteItem({ item }: { item: PaletteItemInfo }) {
  const Icon = item.preset ? PRESET_ICONS[item.preset] : DEVICE_ICONS[item.kind];
  const descriptionId = `palette-${item.id}-description`;
  const onDragStart = useCallback(
    (event: DragEvent<HTMLButtonElement>) => {
      event.dataTransfer.setData(DEVICE_DRAG_TYPE, item.id);
      event.dataTransfer.setData('text/plain', item.label);
      event.dataTransfer.effectAllowed = 'copy';
    },
    [item],
  );
  return (
    <li>
      <button
        type="button"
        className={`palette-item palette-item--${item.kind}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => addInFreeSpace(item)}
        aria-label={item.label}
        aria-describedby={descriptionId}
      >
        <span className="palette-item__icon">
          <Icon size={24} />
        </span>
        <span className="palette-item__text">
          <span className="palette-item__label">{item.label}</span>
          <span className="palette-item__description" id={descriptionId}>
            {item.description}
          </span>
        </span>
      </button>
    </li>
  );
}

export function Palette() {
  const lessonPalette = useLessonStore((s) => s.lesson?.palette ?? null);
  const items = useMemo(() => offeredItems(lessonPalette), [lessonPalette]);
  return (
    <div className="palette">
      <h2 className="panel-title">Devices</h2>
      <ul className="palette-list">
        {items.map((item) => (
          <PaletteItem key={item.id} item={item} />
        ))}
      </ul>
      <p className="palette-hint">Click to add, or drag onto the canvas.</p>
    </div>
  );
}
