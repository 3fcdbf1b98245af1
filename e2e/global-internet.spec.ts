import { expect, test, type Page } from '@playwright/test';
import { connectTo, select } from './helpers';

function goal(page: Page, text: string, state: 'passed' | 'failed') {
  return page.getByRole('complementary', { name: 'Lesson' }).getByRole('listitem', { name: `${text}: ${state}` });
}

const OCEAN = "Each reply takes the ocean's time: over 60 ms there and back, but well under a fifth of a second";

test('chapter 8: a learner lays an undersea cable, then swaps it for a satellite, and the goals judge ping\'s times', async ({ page }) => {
  await page.goto('/?lesson=lessons/chapter-08.json');
  const lesson = page.getByRole('complementary', { name: 'Lesson' });
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(lesson.getByRole('heading', { name: 'The global internet', exact: true })).toBeVisible();

  // A plain cable between the ISPs: the replies come, but far too soon for an ocean.
  await select(page, 'ISP-US');
  await connectTo(page, 'ISP-UK');
  await expect(goal(page, 'PC-1 in New York reaches www in London', 'passed')).toBeVisible({ timeout: 20_000 });
  await expect(goal(page, OCEAN, 'failed')).toBeVisible();
  await expect(lesson).toContainText('quicker than this step looks for, at least 60 ms');

  // The cable's medium: undersea.
  const line = page.getByRole('main', { name: 'Canvas' }).getByLabel(/^Cable (ISP-US eth1 to ISP-UK eth1|ISP-UK eth1 to ISP-US eth1)$/);
  await line.click({ force: true });
  await inspector.getByLabel('Medium', { exact: true }).selectOption({ label: 'Undersea cable' });
  await expect(goal(page, OCEAN, 'passed')).toBeVisible({ timeout: 20_000 });
  await lesson.getByRole('button', { name: 'Next step' }).click();

  // The same line over a geostationary satellite: half a second a reply.
  await expect(goal(page, 'Each reply now takes half a second or more: up and down, twice', 'failed')).toBeVisible({ timeout: 20_000 });
  await line.click({ force: true });
  await inspector.getByLabel('Medium', { exact: true }).selectOption({ label: 'Geostationary satellite' });
  await expect(goal(page, 'Each reply now takes half a second or more: up and down, twice', 'passed')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: test.info().outputPath('satellite.png') });
  await lesson.getByRole('button', { name: 'Finish' }).click();
  await expect(lesson.getByRole('region', { name: 'Recap' })).toContainText('how can a whole household share one?');
});
