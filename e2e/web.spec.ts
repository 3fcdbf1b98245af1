import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { select } from './helpers';

test('a home network reaches a web site: the page load as a timeline and as a ladder diagram', async ({ page }, testInfo) => {
  // A taller trace panel (as if the learner dragged the splitter up), so the screenshots show the whole timeline.
  await page.addInitScript(() => localStorage.setItem('flintnet.layout.bottomHeight', '480'));
  await page.goto('/');

  // Open the example from the header.
  await page.getByRole('button', { name: 'Examples…' }).click();
  const examples = page.getByRole('dialog', { name: 'Example networks' });
  await examples.getByRole('button', { name: /A home network reaches a web site/ }).click();
  await expect(examples).toBeHidden();
  await expect(page.getByText(/Opened the example "A home network reaches a web site": 10 devices/)).toBeVisible();

  // Browse from the laptop behind the home router.
  await select(page, 'Laptop');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('URL to browse', { exact: true }).fill('https://www.example.test');
  await inspector.getByRole('button', { name: 'Browse', exact: true }).click();
  await page.getByRole('region', { name: 'Playback' }).getByLabel('Speed').selectOption({ label: 'Fast' });

  // The page-load timeline: one request with all six phases, each with its start and duration.
  const views = page.getByRole('tablist', { name: 'Trace views' });
  await views.getByRole('tab', { name: 'Page load' }).click();
  const pageLoad = page.getByRole('region', { name: 'Page load' });
  const timing = pageLoad.getByRole('table', { name: 'Timing of https://www.example.test/' });
  await expect(timing).toBeVisible({ timeout: 30_000 });
  await expect(timing).toContainText('200');
  for (const phase of ['DNS lookup', 'TCP connect', 'TLS handshake', 'Request sent', 'Waiting for the server', 'Response']) {
    await expect(timing.getByRole('button', { name: new RegExp(`^${phase}: starts at .+, took .+`) })).toBeVisible();
  }

  // A phase selects its first event: the TCP connect starts with the laptop's SYN.
  await timing.getByRole('button', { name: /^TCP connect:/ }).click();
  const selectedRow = page.getByRole('grid', { name: 'Trace events' }).locator('tr[aria-selected="true"]');
  await expect(selectedRow).toContainText('Laptop');
  await expect(selectedRow).toContainText('[SYN]');
  await pageLoad.screenshot({ path: testInfo.outputPath('page-load.png') });

  // The ladder between the laptop and the web server: the TCP handshake, TLS hellos, and the GET inside TLS.
  await views.getByRole('tab', { name: 'Ladder diagram' }).click();
  const ladder = page.getByRole('region', { name: 'Ladder diagram' });
  await ladder.getByLabel('From device').selectOption({ label: 'Laptop' });
  await ladder.getByLabel('To device').selectOption({ label: 'www' });
  const diagram = ladder.getByRole('group', { name: 'Ladder diagram: Laptop ↔ www' });
  await expect(diagram).toBeVisible();
  await expect(diagram.getByRole('button', { name: 'SYN, Laptop to Home-router' })).toBeVisible();
  await expect(diagram.getByRole('button', { name: 'SYN, ACK, www to Internet' })).toBeVisible();
  await expect(diagram.getByRole('button', { name: /^Client Hello \(SNI=www\.example\.test\), Laptop to Home-router$/ })).toBeVisible();
  await expect(diagram.getByRole('button', { name: /^Server Hello, .*, www to Internet$/ })).toBeVisible();
  await expect(diagram.getByRole('button', { name: /^Laptop: browser: GET \/ from www\.example\.test$/ })).toBeVisible();

  // An arrow selects its event.
  await diagram.getByRole('button', { name: /^Server Hello, .*, www to Internet$/ }).click();
  await expect(selectedRow).toContainText('www');
  await expect(selectedRow).toContainText('Server Hello');
  await ladder.screenshot({ path: testInfo.outputPath('ladder.png') });

  // Export SVG downloads the drawing.
  const [download] = await Promise.all([page.waitForEvent('download'), ladder.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(download.suggestedFilename()).toBe('ladder-Laptop-Home-router-ISP-Internet-www.svg');
  const file = testInfo.outputPath('ladder.svg');
  await download.saveAs(file);
  const svg = readFileSync(file, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Client Hello (SNI=www.example.test)');
  expect(svg).not.toContain('tabindex');
});

test('a connection in the Sockets table opens its ladder diagram', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Network file').setInputFiles('public/examples/home-reaches-a-web-site.json');
  await select(page, 'Laptop');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('URL to browse').fill('https://www.example.test/');
  await inspector.getByRole('button', { name: 'Browse', exact: true }).click();
  await page.getByRole('region', { name: 'Playback' }).getByLabel('Speed').selectOption({ label: 'Fast' });
  await expect(inspector.getByLabel('Terminal on Laptop')).toContainText('200 OK', { timeout: 30_000 });
  // Let playback reach the end, so the tables below are the final ones.
  await expect(page.getByRole('region', { name: 'Playback' }).getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 30_000 });
  await inspector.getByRole('tab', { name: /^Sockets/ }).click();
  await inspector.getByRole('button', { name: 'Ladder diagram' }).first().click();
  await expect(page.getByRole('tab', { name: 'Ladder diagram' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('SYN', { exact: true }).first()).toBeVisible();
});
