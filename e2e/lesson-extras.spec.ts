import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { addDevice, device, select } from './helpers';

function palette(page: import('@playwright/test').Page) {
  return page.getByRole('complementary', { name: 'Palette' });
}

test('?lesson=<url> opens a lesson: its palette, its highlighted devices, cleared on close', async ({ page }) => {
  await page.goto('/?lesson=lessons/chapter-03.json');
  const lesson = page.getByRole('complementary', { name: 'Lesson' });
  await expect(lesson.getByRole('heading', { name: 'A cable', exact: true })).toBeVisible();
  await expect(palette(page).getByRole('button', { name: 'Computer', exact: true })).toBeVisible();
  await expect(palette(page).getByRole('button', { name: 'Switch', exact: true })).toHaveCount(0);
  await expect(device(page, 'PC-1').locator('.device-node')).toHaveClass(/is-lesson-highlight/);

  await lesson.getByRole('button', { name: 'Close lesson' }).click();
  await expect(device(page, 'PC-1').locator('.device-node')).not.toHaveClass(/is-lesson-highlight/);
  await expect(palette(page).getByRole('button', { name: 'Switch', exact: true })).toBeVisible();
});

test('?lesson=<url> with a file that is not a lesson reports it on the course page', async ({ page }) => {
  await page.goto('/?lesson=lessons/index.json');
  const course = page.getByRole('dialog', { name: 'Course' });
  await expect(course.getByRole('alert')).toContainText('lessons/index.json is not a lesson Flintnet can open');
});

test('Export as lesson start downloads a lesson that opens again', async ({ page }, testInfo) => {
  await page.goto('/');
  await addDevice(page, 'Computer');
  await addDevice(page, 'Switch');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as lesson start' }).click()]);
  expect(download.suggestedFilename()).toBe('lesson.json');
  const path = testInfo.outputPath('lesson.json');
  await download.saveAs(path);
  const lesson = JSON.parse(await readFile(path, 'utf8')) as { format: string; palette: string[]; steps: unknown[] };
  expect(lesson.format).toBe('flintnet-lesson');
  expect(lesson.palette.sort()).toEqual(['computer', 'switch']);

  await page.getByRole('button', { name: 'Course', exact: true }).click();
  await page.getByLabel('Lesson file').setInputFiles(path);
  await expect(page.getByRole('complementary', { name: 'Lesson' }).getByRole('heading', { name: 'My lesson' })).toBeVisible();
  await expect(palette(page).getByRole('button', { name: 'Hub', exact: true })).toHaveCount(0);
});

test('guided stepping: the OSI view shows the step’s narration for the frame under its layer', async ({ page }) => {
  await page.goto('/?lesson=lessons/chapter-03.json');
  const lesson = page.getByRole('complementary', { name: 'Lesson' });
  await lesson.getByRole('button', { name: 'Skip step' }).click();
  await lesson.getByRole('button', { name: 'Skip step' }).click();
  await expect(lesson.getByText('Step 3 of 3')).toBeVisible();

  await select(page, 'PC-1');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByLabel('Ping destination').fill('192.168.1.2');
  await inspector.getByLabel('Count').fill('1');
  await inspector.getByRole('button', { name: 'Ping', exact: true }).click();
  const playback = page.getByRole('region', { name: 'Playback' });
  await playback.getByLabel('Speed').selectOption({ label: 'Fast' });
  await expect(inspector.getByLabel('Terminal on PC-1')).toContainText('1 packets transmitted, 1 received', { timeout: 30_000 });
  // Let playback reach the last event (ping's statistics) first, or it would move on from the event clicked below.
  const events = page.getByRole('region', { name: 'Events' });
  await expect(events.locator('tr').filter({ hasText: 'rtt min/avg/max/mdev' })).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
  // The first frames are the computers announcing their addresses when the network came up; the lesson narrates ping's ARP request.
  const arpRequest = events.locator('tr').filter({ hasText: 'Who has 192.168.1.2? Tell 192.168.1.1' }).first();
  await arpRequest.click();
  await expect(arpRequest).toHaveAttribute('aria-selected', 'true');

  const osi = page.getByRole('region', { name: 'OSI layers' });
  const note = osi.locator('.osi-layer__lesson');
  await expect(note).toHaveCount(3);
  await expect(note.nth(1)).toContainText('Lesson');
  await expect(note.nth(1)).toContainText('the destination is ff:ff:ff:ff:ff:ff, meaning "everyone"');
});
