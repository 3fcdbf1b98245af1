/**
 * What the inspector shows for a device, section by section, in order. Each
 * entry says which devices it is for and renders its own section; a new
 * feature (a DHCP server, port forwards, power) is one more entry here.
 */
import type { ComponentType } from 'react';
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { addInterface } from '../../sim-worker/document/edits';
import { takesRoutes } from '../../sim-worker/document/rules';
import { CommandPanel } from '../actions/CommandPanel';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { useDocumentStore } from '../store/document-store';
import { ConnectControl } from './ConnectControl';
import { InspectorSection } from './InspectorSection';
import { InterfaceList } from './InterfaceList';
import { LiveTables } from './LiveTables';
import { RoutesEditor } from './RoutesEditor';

export interface DeviceSection {
  key: string;
  shows: (device: DeviceDoc) => boolean;
  Component: ComponentType<{ device: DeviceDoc }>;
}

const isHost = (device: DeviceDoc) => DEVICE_KIND_INFO[device.kind].family === 'host';
/** Routers take more interfaces as the network grows; a computer's card and a switch's ports are fixed. */
const growsInterfaces = (device: DeviceDoc) => device.kind === 'router' || device.kind === 'isp';
/** Devices with an IP stack of their own run commands (a router can ping and traceroute too). */
const runsCommands = (device: DeviceDoc) => device.kind === 'computer' || device.kind === 'router' || device.kind === 'isp';

function addInterfaceTo(device: DeviceDoc): void {
  let added: string | undefined;
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => {
    const result = addInterface(doc, device.id);
    if (result.ok) added = result.interfaceName;
    return result;
  });
  notify(error ? 'error' : 'info', error ?? `Added ${added} to ${device.name}: give it an address and a cable.`);
}

function InterfacesSection({ device }: { device: DeviceDoc }) {
  const cards = device.interfaces.filter((i) => i.mac !== undefined).length;
  const title = cards === 0 ? 'Ports' : isHost(device) && cards === 1 ? 'Network interface' : 'Interfaces';
  return (
    <InspectorSection title={title}>
      <InterfaceList device={device} />
      {growsInterfaces(device) && (
        <button type="button" className="button add-interface" onClick={() => addInterfaceTo(device)}>
          Add interface
        </button>
      )}
    </InspectorSection>
  );
}

function CableSection({ device }: { device: DeviceDoc }) {
  return (
    <InspectorSection title="Cable">
      <ConnectControl device={device} />
    </InspectorSection>
  );
}

function RoutesSection({ device }: { device: DeviceDoc }) {
  const count = device.routes?.length ?? 0;
  // A computer mostly needs only its gateway, so its routes wait folded away.
  return (
    <InspectorSection title={`Routes${count > 0 ? ` (${count})` : ''}`} folded={isHost(device)} className="routes-section">
      <RoutesEditor device={device} />
    </InspectorSection>
  );
}

function CommandsSection({ device }: { device: DeviceDoc }) {
  return <CommandPanel deviceId={device.id} />;
}

function TablesSection({ device }: { device: DeviceDoc }) {
  return <LiveTables deviceId={device.id} />;
}

export const DEVICE_SECTIONS: readonly DeviceSection[] = [
  { key: 'interfaces', shows: () => true, Component: InterfacesSection },
  { key: 'cable', shows: () => true, Component: CableSection },
  { key: 'routes', shows: (d) => takesRoutes(d.kind), Component: RoutesSection },
  { key: 'commands', shows: runsCommands, Component: CommandsSection },
  { key: 'tables', shows: () => true, Component: TablesSection },
];
