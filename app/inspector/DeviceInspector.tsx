/** Settings of the selected device: name, interfaces, cables, actions and live tables. */
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { removeDevice, renameDevice } from '../../sim-worker/document/edits';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { PingPanel } from '../actions/PingPanel';
import { LiveTables } from './LiveTables';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { DEVICE_ICONS, TrashIcon } from '../ui/icons';
import { EditableField } from './EditableField';
import { InterfaceList } from './InterfaceList';
import { ConnectControl } from './ConnectControl';

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
  const interfacesTitle = device.kind === 'computer' ? 'Network interface' : 'Ports';

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
      </section>

      <section className="inspector-section" aria-labelledby={`${device.id}-interfaces`}>
        <h3 className="section-title" id={`${device.id}-interfaces`}>
          {interfacesTitle}
        </h3>
        <InterfaceList device={device} />
      </section>

      <section className="inspector-section" aria-labelledby={`${device.id}-connect`}>
        <h3 className="section-title" id={`${device.id}-connect`}>
          Cable
        </h3>
        <ConnectControl device={device} />
      </section>

      {device.kind === 'computer' && <PingPanel deviceId={device.id} />}
      <LiveTables deviceId={device.id} />

      <section className="inspector-section inspector-section--danger">
        <button type="button" className="button button--danger" onClick={() => deleteDevice(device)}>
          <TrashIcon />
          Delete {device.name}
        </button>
      </section>
    </div>
  );
}
