/**
 * "Connect to…": the keyboard way to plug in a cable. Pick the other device
 * (and, if it matters, which ports), then Connect.
 */
import { useId, useMemo, useState } from 'react';
import type { DeviceDoc, LinkDoc } from '../../sim-worker/document/schema';
import { connect } from '../../sim-worker/document/edits';
import { useDocumentStore } from '../store/document-store';
import { CableIcon } from '../ui/icons';

const FIRST_FREE = '';

function freeInterfaces(device: DeviceDoc | undefined, links: readonly LinkDoc[]): string[] {
  if (!device) return [];
  const cabled = new Set(links.flatMap((l) => [l.a, l.b]).filter((end) => end.device === device.id).map((end) => end.interface));
  return device.interfaces.map((i) => i.name).filter((name) => !cabled.has(name));
}

export function ConnectControl({ device }: { device: DeviceDoc }) {
  const devices = useDocumentStore((s) => s.doc.devices);
  const links = useDocumentStore((s) => s.doc.links);
  const baseId = useId();
  const [targetId, setTargetId] = useState('');
  const [fromPort, setFromPort] = useState(FIRST_FREE);
  const [toPort, setToPort] = useState(FIRST_FREE);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const others = useMemo(() => devices.filter((d) => d.id !== device.id).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })), [devices, device.id]);
  const target = others.find((d) => d.id === targetId);
  const ownFree = useMemo(() => freeInterfaces(device, links), [device, links]);
  const targetFree = useMemo(() => freeInterfaces(target, links), [target, links]);

  if (others.length === 0) {
    return <p className="muted small">Add another device to connect {device.name} to it.</p>;
  }

  const onConnect = () => {
    if (!target) {
      setProblem('Choose a device to connect to');
      return;
    }
    let linkId: string | undefined;
    const { apply, notify } = useDocumentStore.getState();
    const error = apply((doc) => {
      const result = connect(doc, { device: device.id, interface: fromPort || undefined }, { device: target.id, interface: toPort || undefined });
      if (result.ok) linkId = result.linkId;
      return result;
    });
    setProblem(error);
    if (error === undefined && linkId) {
      const link = useDocumentStore.getState().doc.links.find((l) => l.id === linkId);
      if (link) notify('info', `Connected ${device.name} ${link.a.interface} to ${target.name} ${link.b.interface}.`);
      setFromPort(FIRST_FREE);
      setToPort(FIRST_FREE);
    }
  };

  const problemId = `${baseId}-problem`;
  return (
    <div className="connect">
      <div className="connect__row">
        <div className="field">
          <label className="field__label" htmlFor={`${baseId}-device`}>
            Connect to
          </label>
          <select
            id={`${baseId}-device`}
            className="field__input"
            value={targetId}
            aria-describedby={problem ? problemId : undefined}
            onChange={(event) => {
              setTargetId(event.target.value);
              setToPort(FIRST_FREE);
              setProblem(undefined);
            }}
          >
            <option value="">Choose a device…</option>
            {others.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {(device.interfaces.length > 1 || (target && target.interfaces.length > 1)) && (
        <div className="connect__row connect__ports">
          {device.interfaces.length > 1 && (
            <div className="field">
              <label className="field__label" htmlFor={`${baseId}-from`}>
                Port on {device.name}
              </label>
              <select id={`${baseId}-from`} className="field__input" value={fromPort} onChange={(event) => setFromPort(event.target.value)}>
                <option value={FIRST_FREE}>First free</option>
                {ownFree.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {target && target.interfaces.length > 1 && (
            <div className="field">
              <label className="field__label" htmlFor={`${baseId}-to`}>
                Port on {target.name}
              </label>
              <select id={`${baseId}-to`} className="field__input" value={toPort} onChange={(event) => setToPort(event.target.value)}>
                <option value={FIRST_FREE}>First free</option>
                {targetFree.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
      <button type="button" className="button" onClick={onConnect} disabled={!target}>
        <CableIcon />
        Connect
      </button>
      {problem && (
        <p id={problemId} className="field__message" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
