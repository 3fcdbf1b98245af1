import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDocumentText } from '../../sim-worker/document/validate';
import { parseExamplesIndex } from './examples';

describe('the examples index', () => {
  it('lists every shipped example, and each one opens', () => {
    const index = parseExamplesIndex(readFileSync('public/examples/index.json', 'utf8'));
    expect(index.ok).toBe(true);
    if (!index.ok) return;
    expect(index.value.map((e) => e.title)).toContain('A home network reaches a web site');
    for (const example of index.value) {
      const parsed = parseDocumentText(readFileSync(`public/examples/${example.file}`, 'utf8'));
      expect(parsed.ok, example.file).toBe(true);
    }
  });

  it('names what is wrong with a bad index', () => {
    expect(parseExamplesIndex('{')).toEqual({ ok: false, error: 'The list of examples is not valid JSON.' });
    expect(parseExamplesIndex('{"list": []}')).toEqual({ ok: false, error: 'The list of examples has no "examples" array.' });
    expect(parseExamplesIndex('{"examples": [{"file": "a.json", "title": "A"}, {"file": "../secret.json", "title": "B", "summary": "b"}]}')).toEqual({
      ok: false,
      error: 'The list of examples has problems: examples[0] needs summary as text; examples[1].file must be a .json file name in examples/, not "../secret.json".',
    });
  });
});
