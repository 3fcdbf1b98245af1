/**
 * Runs the benchmark in headless Chromium's web worker, where the app's
 * engine runs: Chromium's V8 is newer than Node's and compresses pointers,
 * so the same engine may run at another speed there. Each trace mode runs in
 * a browser context of its own (a fresh renderer), as each runs in a fresh
 * Node process otherwise. The worker's code is the bundle `npm run bench`
 * builds beside this one.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BenchRequest } from '../bench-worker';
import type { Measured, TraceMode } from './measure';

/** The Chromium the end-to-end tests use (playwright.config.ts). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Stands for the page's origin: Playwright answers for it, nothing listens. */
const ORIGIN = 'http://bench.flintnet.invalid';

export interface InChromium {
  /** The browser and its version, as Chromium names itself. */
  browser: string;
  measure(mode: TraceMode): Promise<Measured>;
  close(): Promise<void>;
}

export async function launchChromium(argv: string[]): Promise<InChromium> {
  const bundle = new URL('./bench-worker.js', import.meta.url);
  if (!existsSync(bundle)) throw new Error(`the worker's bundle ${bundle.pathname} is missing: run the benchmark through npm run bench, which builds it`);
  const workerCode = readFileSync(bundle, 'utf8');
  // Loaded only here: Playwright would add its own memory and start-up time to every run in Node.
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] }).catch((e: Error) => {
    throw new Error(`could not start Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH to another): ${e.message.split('\n')[0]}`);
  });
  return {
    browser: `Chromium ${browser.version()}`,
    async measure(mode) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.route(`${ORIGIN}/**`, (route) =>
          route.request().url().endsWith('/worker.js')
            ? route.fulfill({ body: workerCode, contentType: 'text/javascript' })
            : route.fulfill({ body: '<!doctype html><title>bench</title>', contentType: 'text/html' }),
        );
        await page.goto(`${ORIGIN}/`);
        const request: BenchRequest = { argv, mode };
        const answer = await page.evaluate(
          (request) =>
            new Promise<{ measured?: Measured; error?: string }>((resolve) => {
              const worker = new Worker('/worker.js');
              worker.onmessage = (e) => resolve(e.data);
              worker.onerror = (e) => resolve({ error: e.message });
              worker.postMessage(request);
            }),
          request,
        );
        if (answer.error !== undefined) throw new Error(`the ${mode} run in Chromium failed: ${answer.error}`);
        return answer.measured!;
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
