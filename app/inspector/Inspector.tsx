/** The right-hand panel: whatever is selected, or how to get started. */
import { useLayoutEffect, useRef } from 'react';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { DeviceInspector } from './DeviceInspector';
import { LinkInspector } from './LinkInspector';

function InspectorHelp() {
  return (
    <div className="inspector-body inspector-help">
      <h2 className="panel-title">Inspector</h2>
      <p>Select a device or a cable on the canvas to see and change its settings.</p>
      <ul className="help-list">
        <li>
          <kbd>Tab</kbd> moves to the devices on the canvas; <kbd>Enter</kbd> selects one.
        </li>
        <li>
          <kbd>Delete</kbd> removes what is selected.
        </li>
        <li>
          <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes, <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redoes.
        </li>
        <li>Drag from a device’s dot to another device to plug in a cable.</li>
      </ul>
    </div>
  );
}

export function Inspector() {
  const deviceId = useSelectionStore((s) => s.deviceId);
  const linkId = useSelectionStore((s) => s.linkId);
  const device = useDocumentStore((s) => (deviceId ? s.doc.devices.find((d) => d.id === deviceId) : undefined));
  const link = useDocumentStore((s) => (linkId ? s.doc.links.find((l) => l.id === linkId) : undefined));
  const panel = useRef<HTMLElement>(null);
  const shown = device?.id ?? link?.id;

  // Something else selected starts at its top (its name), not where the last one was scrolled to.
  useLayoutEffect(() => {
    panel.current?.scrollTo({ top: 0 });
  }, [shown]);

  return (
    <aside ref={panel} className="app-inspector" aria-label="Inspector">
      {/* Keyed by id, so half-typed values never carry over to another device. */}
      {device ? <DeviceInspector key={device.id} device={device} /> : link ? <LinkInspector key={link.id} link={link} /> : <InspectorHelp />}
    </aside>
  );
}
