/** Opening a saved network: read the file, validate it whole, and only then replace the open one. */
import { parseDocumentText } from '../../sim-worker/document/validate';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { describeProblems } from './problems';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Returns true when the network was opened; otherwise the banner says why and the open network is kept. */
export async function openNetworkFile(file: File): Promise<boolean> {
  const { notify } = useDocumentStore.getState();
  let text: string;
  try {
    text = await file.text();
  } catch {
    notify('error', `${file.name} could not be read. Nothing was changed.`);
    return false;
  }
  return openNetworkText(text, file.name);
}

/** Opens a network from its JSON text (a file, an example), named in the messages; refused whole if it does not validate. */
export function openNetworkText(text: string, name: string): boolean {
  const { replace, notify } = useDocumentStore.getState();
  const parsed = parseDocumentText(text);
  if (!parsed.ok) {
    notify('error', `${name} was not opened, and your network is unchanged. ${describeProblems(parsed.problems)}`);
    return false;
  }
  replace(parsed.value);
  useSelectionStore.getState().selectDevice(null);
  const { devices, links } = parsed.value;
  notify('info', `Opened ${name}: ${plural(devices.length, 'device', 'devices')}, ${plural(links.length, 'cable', 'cables')}. Undo (Ctrl+Z) brings back the network you had before.`);
  return true;
}
