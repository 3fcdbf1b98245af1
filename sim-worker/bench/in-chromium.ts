/**
 * Runs the benchmark in headless Chromium's web worker, where the app's
 * engine runs: Chromium's V8 is newer than Node's and compresses pointers,
 * so the same engine may run at another speed there. Each trace mode runs in
 * a browser context of its own (a fresh renderer), as each runs in a fresh
 * Node process otherwise. The worker's code is the bundle `npm run bench`
 * builds beside this one.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
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

/** Starts headless Chromium through Playwright, loaded only here: it would add its own memory and start-up time to every run in Node. */
export async function startChromium(): Promise<Browser> {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] }).catch((e: Error) => {
    throw new Error(`could not start Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH to another): ${e.message.split('\n')[0]}`);
  });
}

/**
 * A page in a browser context of its own (a fresh renderer) at an origin
 * that serves `scripts` by path (as "/worker.js") and an empty page
 * otherwise; closing it closes the context.
 */
export async function pageServing(browser: Browser, scripts: Record<string, string>): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const script = scripts[new URL(route.request().url()).pathname];
    return script !== undefined
      ? route.fulfill({ body: script, contentType: 'text/javascript' })
      : route.fulfill({ body: '<!doctype html><title>bench</title>', contentType: 'text/html' });
  });
  await page.goto(`${ORIGIN}/`);
  return { page, close: () => context.close() };
}

export async function launchChromium(argv: string[]): Promise<InChromium> {
  const bundle = new URL('./bench-worker.js', import.meta.url);
  if (!existsSync(bundle)) throw new Error(`the worker's bundle ${bundle.pathname} is missing: run the benchmark through npm run bench, which builds it`);
  const workerCode = readFileSync(bundle, 'utf8');
  const browser = await startChromium().catch((e: Error) => {
    throw new Error(`${e.message}\n(or run the benchmark in Node: --node)`);
  });
  return {
    browser: `Chromium ${browser.version()}`,
    async measure(mode) {
      const { page, close } = await pageServing(browser, { '/worker.js': workerCode });
      try {
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
        await close();
      }
    },
    close: () => browser.close(),
  };
}
