/** The example networks shipped in public/examples/, listed by its index.json, and opening one. */
import { openNetworkText } from './open-network';

export interface Example {
  /** The network file, relative to examples/. */
  file: string;
  title: string;
  /** One line on what it shows. */
  summary: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

const BASE = `${import.meta.env.BASE_URL}examples/`;

/** Reads index.json: `{ "examples": [{ "file", "title", "summary" }] }`, every problem named. */
export function parseExamplesIndex(text: string): Loaded<Example[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The list of examples is not valid JSON.' };
  }
  const list = (data as { examples?: unknown } | null)?.examples;
  if (!Array.isArray(list)) return { ok: false, error: 'The list of examples has no "examples" array.' };
  const problems: string[] = [];
  const examples: Example[] = [];
  list.forEach((entry: unknown, i) => {
    const e = entry as Record<string, unknown> | null;
    const missing = ['file', 'title', 'summary'].filter((key) => typeof e?.[key] !== 'string' || (e[key] as string).trim() === '');
    if (missing.length > 0) problems.push(`examples[${i}] needs ${missing.join(', ')} as text`);
    else if (!/^[\w.-]+\.json$/.test(e!.file as string)) problems.push(`examples[${i}].file must be a .json file name in examples/, not "${String(e!.file)}"`);
    else examples.push({ file: e!.file as string, title: e!.title as string, summary: e!.summary as string });
  });
  return problems.length > 0 ? { ok: false, error: `The list of examples has problems: ${problems.join('; ')}.` } : { ok: true, value: examples };
}

async function fetchText(file: string): Promise<Loaded<string>> {
  try {
    const response = await fetch(`${BASE}${file}`);
    if (!response.ok) return { ok: false, error: `${file} could not be loaded (HTTP ${response.status}).` };
    return { ok: true, value: await response.text() };
  } catch (error) {
    return { ok: false, error: `${file} could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }
}

export async function fetchExamples(): Promise<Loaded<Example[]>> {
  const text = await fetchText('index.json');
  return text.ok ? parseExamplesIndex(text.value) : text;
}

/**
 * Replaces the network with the example, in one undoable step. A file that
 * cannot be fetched is an error here; one that does not validate is refused
 * whole, with its problems in the banner, as Open does.
 */
export async function openExample(example: Example): Promise<Loaded<boolean>> {
  const text = await fetchText(example.file);
  if (!text.ok) return text;
  return { ok: true, value: openNetworkText(text.value, `the example "${example.title}"`) };
}
