/** Settings of the selected device: its name, then its sections (device-sections.tsx), then Delete. */
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { removeDevice, renameDevice } from '../../sim-worker/document/edits';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { DEVICE_ICONS, TrashIcon } from '../ui/icons';
import { EditableField } from './EditableField';
import { DEVICE_SECTIONS } from './device-sections';
import { PowerControl } from './PowerControl';

function checkName(deviceId: string, text: string): string | undefined {
  const result = renameDevice(useDocumentStore.getState().doc, deviceId, text);
  return result.ok ? undefined : result.error;
}

function deleteDevice(device: DeviceDoc): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => removeDevice(doc, device.id));
  if (error) {
    notify('error', error);
    return;
  }
  useSelectionStore.getState().selectDevice(null);
  notify('info', `Deleted ${device.name}. Undo (Ctrl+Z) brings it back.`);
}

export function DeviceInspector({ device }: { device: DeviceDoc }) {
  const info = DEVICE_KIND_INFO[device.kind];
  const Icon = DEVICE_ICONS[device.kind];

  return (
    <div className="inspector-body">
      <header className="inspector-head">
        <span className={`inspector-head__icon device-tint--${device.kind}`}>
          <Icon size={22} />
        </span>
        <div>
          <h2 className="inspector-head__title">{device.name}</h2>
          <p className="inspector-head__subtitle">{info.label}</p>
        </div>
      </header>

      <section className="inspector-section" aria-label="Device settings">
        <EditableField
          label="Name"
          value={device.name}
          check={(text) => checkName(device.id, text)}
          commit={(text) => useDocumentStore.getState().apply((doc) => renameDevice(doc, device.id, text))}
        />
        <PowerControl deviceId={device.id} name={device.name} />
      </section>

      {DEVICE_SECTIONS.filter((section) => section.shows(device)).map(({ key, Component }) => (
        <Component key={key} device={device} />
      ))}

      <section className="inspector-section inspector-section--danger">
        <button type="button" className="button button--danger" onClick={() => deleteDevice(device)}>
          <TrashIcon />
          Delete {device.name}
        </button>
      </section>
    </div>
  );
}
