// The /lab board in a real browser (Debian's headless Chromium driven by
// playwright-core; no browser download): it connects, shows who is in, and
// shows a new arrival without reloading. The screenshot is kept in
// test-artifacts/lab.png.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { launchChromium } from '../helpers/chromium.js';
import { clubToday } from '../helpers/club-clock.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { listenOn } from '../helpers/subscriptions.js';

t.test('the board shows who is in and a new arrival, live', async (t) => {
  const { app } = await buildTestApp(t, 'postgresql');
  const origin = (await listenOn(app)).replace('ws://', 'http://').replace('/graphql', '');
  const today = clubToday('Asia/Kolkata');
  const mark = async (memberId: number) => {
    const response = await postGraphQL(
      app,
      `mutation { markAttendance(input: { memberId: ${memberId}, date: "${today}", hmacSignature: "${sign(memberId, today)}" }) { memberId } }`,
    );
    t.strictSame(response.body, { data: { markAttendance: { memberId } } });
  };
  const grace = await createMember(app, { name: 'Grace Hopper', year: 3, groupId: 4 });
  await mark(grace);

  // A fresh profile directory per run.
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));

  await page.goto(`${origin}/lab`);
  await page.locator('#status[data-state="live"]').waitFor({ timeout: 10_000 });
  await page.locator('li', { hasText: 'Grace Hopper' }).waitFor({ timeout: 10_000 });
  t.equal(await page.locator('#count').textContent(), '1 in');

  const alan = await createMember(app, { name: 'Alan Turing', year: 2, groupId: 1 });
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  await mark(alan);
  await page.locator('li', { hasText: 'Alan Turing' }).waitFor({ timeout: 10_000 });
  t.equal(await page.locator('#count').textContent(), '2 in');
  t.strictSame(
    await page.locator('li .name').allTextContents(),
    ['Alan Turing', 'Grace Hopper'],
    'both on the board, by name',
  );
  t.match(
    await page.locator(`li[data-member-id="${alan}"] .meta`).textContent(),
    /^year 2 · group 1 · in since \d\d:\d\d$/,
  );
  t.strictSame(navigations, [], 'the page did not reload');
  t.ok(
    requested.every((url) => url.startsWith(origin)),
    `every request went to the server itself: ${requested.join(', ')}`,
  );

  await mkdir('test-artifacts', { recursive: true });
  await page.screenshot({ path: join('test-artifacts', 'lab.png'), fullPage: true });
});

t.test('no board in production', async (t) => {
  const { app } = await buildTestApp(t, 'postgresql', { ROOT_ENV: 'production' });
  const response = await app.inject({ method: 'GET', url: '/lab' });
  t.equal(response.statusCode, 404);
});
