import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await b.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto('http://127.0.0.1:4398/');
const pal = page.getByRole('complementary', { name: 'Palette' });
const insp = page.getByRole('complementary', { name: 'Inspector' });
const canvas = page.getByRole('main', { name: 'Canvas' });
for (const k of ['Switch', 'Computer', 'Computer', 'Computer']) await pal.getByRole('button', { name: k, exact: true }).click();
for (const [n, ip] of [['PC-1', '192.168.1.1/24'], ['PC-2', '192.168.1.2/24'], ['PC-3', '192.168.1.3/24']]) {
  await canvas.getByLabel(n, { exact: true }).click();
  const f = insp.getByLabel('eth0 IPv4 address', { exact: true });
  await f.fill(ip); await f.press('Enter');
  await insp.getByLabel('Connect to', { exact: true }).selectOption({ label: 'Switch-1' });
  await insp.getByRole('button', { name: 'Connect', exact: true }).click();
}
await canvas.getByLabel('PC-1', { exact: true }).click();
await insp.getByLabel('Ping destination').fill('192.168.1.2');
await insp.getByLabel('Count').fill('2');
await insp.getByRole('button', { name: 'Ping', exact: true }).click();
const pb = page.getByRole('region', { name: 'Playback' });
await pb.getByLabel('Speed').selectOption({ label: 'Fast' });
await page.waitForTimeout(4000);
if (await pb.getByRole('button', { name: 'Pause' }).isVisible()) await pb.getByRole('button', { name: 'Pause' }).click();
const ev = page.getByRole('region', { name: 'Events' });
await ev.getByText('Echo (ping) request').nth(1).click();
await page.getByRole('region', { name: 'OSI layers' }).getByRole('button', { name: /Network/ }).click();
await page.waitForTimeout(500);
await page.screenshot({ path: process.argv[2] ?? '/tmp/shot.png' });
await b.close();
