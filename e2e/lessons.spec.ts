import { expect, test, type Page } from '@playwright/test';
import { addDevice, connectTo, device, select, setField } from './helpers';

function lessonPanel(page: Page) {
  return page.getByRole('complementary', { name: 'Lesson' });
}

async function openChapter(page: Page, chapter: RegExp) {
  await page.getByRole('button', { name: 'Course', exact: true }).click();
  const course = page.getByRole('dialog', { name: 'Course' });
  await expect(course.getByText('coming').first()).toBeVisible();
  await course.getByRole('button', { name: chapter }).click();
  await expect(course).toBeHidden();
}

function goal(page: Page, text: string, state: 'passed' | 'failed') {
  return lessonPanel(page).getByRole('listitem', { name: `${text}: ${state}` });
}

test('a learner builds chapter 3 by hand and sees every goal tick, then completes a step of chapter 4', async ({ page }) => {
  await page.goto('/');
  await openChapter(page, /Chapter 3: A cable/);
  const lesson = lessonPanel(page);
  await expect(lesson.getByRole('heading', { name: 'A cable', exact: true })).toBeVisible();
  await expect(device(page, 'PC-1')).toBeVisible();
  await expect(goal(page, 'One cable joins PC-1 and PC-2', 'failed')).toBeVisible();

  // Step 1: a second computer and a cable.
  await addDevice(page, 'Computer');
  await expect(device(page, 'PC-2')).toBeVisible();
  await select(page, 'PC-1');
  await setField(page, 'eth0 IPv4 address', '192.168.1.1/24');
  await connectTo(page, 'PC-2');
  await expect(goal(page, 'There are two computers', 'passed')).toBeVisible();
  await expect(goal(page, 'One cable joins PC-1 and PC-2', 'passed')).toBeVisible();
  await lesson.getByRole('button', { name: 'Next step' }).click();

  // Step 2: PC-2's address, and the ping goes through.
  await expect(lesson.getByText('Step 2 of 3')).toBeVisible();
  await expect(goal(page, 'PC-1 gets two echo replies from 192.168.1.2', 'failed')).toBeVisible();
  await lesson.getByRole('button', { name: 'Show a hint' }).click();
  await expect(lesson.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await select(page, 'PC-2');
  await setField(page, 'eth0 IPv4 address', '192.168.1.2/24');
  await expect(goal(page, 'PC-1 gets two echo replies from 192.168.1.2', 'passed')).toBeVisible({ timeout: 20_000 });
  await lesson.getByRole('button', { name: 'Next step' }).click();

  // Step 3: watching what crossed the wire.
  await expect(goal(page, 'ARP request, ARP reply, echo request, echo reply — in that order', 'passed')).toBeVisible({ timeout: 20_000 });
  await expect(goal(page, "PC-1 remembers PC-2's MAC address", 'passed')).toBeVisible();
  await lesson.getByRole('button', { name: 'Finish' }).click();
  await expect(lesson.getByRole('region', { name: 'Recap' })).toContainText('How do you connect a third computer');

  // Chapter 4: its first step passes on the network it starts with.
  await openChapter(page, /Chapter 4: A switch/);
  await expect(device(page, 'Hub-1')).toBeVisible();
  await expect(goal(page, 'PC-1 gets echo replies from PC-2 through the hub', 'passed')).toBeVisible({ timeout: 20_000 });
  await lesson.getByRole('button', { name: 'Next step' }).click();
  await expect(lesson.getByText('Step 2 of 4')).toBeVisible();

  // Progress and the open step survive a reload.
  await page.reload();
  await expect(lessonPanel(page).getByText('Step 2 of 4')).toBeVisible();
  await page.getByRole('button', { name: 'Course', exact: true }).click();
  const course = page.getByRole('dialog', { name: 'Course' });
  await expect(course.getByRole('listitem').filter({ hasText: 'A cable' })).toContainText('3 / 3 steps');
  await expect(course.getByRole('listitem').filter({ hasText: 'A switch' })).toContainText('1 / 4 steps');
  await page.screenshot({ path: test.info().outputPath('course.png') });
});

test('an instructor presents chapter 3 with the keyboard, shows a solution and resets a step', async ({ page }) => {
  await page.goto('/');
  await openChapter(page, /Chapter 3: A cable/);
  const lesson = lessonPanel(page);
  await page.screenshot({ path: test.info().outputPath('lesson.png') });
  await lesson.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Palette' })).toBeHidden();
  await expect(lesson.getByText('Step 1 of 3')).toBeVisible();

  // S reveals the solution: PC-2 appears, cabled.
  await page.keyboard.press('s');
  await expect(device(page, 'PC-2')).toBeVisible();
  await expect(goal(page, 'One cable joins PC-1 and PC-2', 'passed')).toBeVisible();

  await page.keyboard.press('ArrowRight');
  await expect(lesson.getByText('Step 2 of 3')).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(lesson.getByText('Step 3 of 3')).toBeVisible();
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.2/24')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(lesson.getByText('Step 2 of 3')).toBeVisible();
  await page.waitForTimeout(600);
  await page.screenshot({ path: test.info().outputPath('presenter.png') });

  // Step 2 starts with PC-2 unaddressed; an added computer goes away with R.
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.2/24')).toBeHidden();
  await page.keyboard.press('s');
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.2/24')).toBeVisible();
  await page.keyboard.press('r');
  await expect(page.getByRole('main', { name: 'Canvas' }).getByText('192.168.1.2/24')).toBeHidden();
  await expect(device(page, 'PC-2')).toBeVisible();

  // Jump to chapter 4 with the picker, then leave presenter mode with Esc.
  await lesson.getByLabel('Chapter').selectOption({ label: '4. A switch' });
  await expect(device(page, 'Hub-1')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeVisible();
});
