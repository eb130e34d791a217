// Drives the GraphiQL explorer at <base>/graphql in Debian's headless Chromium, as a developer
// would: types into the editors and presses Run. Every request that leaves the loopback is
// blocked (the page must work offline). Prints one JSON line per step on stdout; the C# test
// reads them and, on {"step":"subscribed"}, calls registerClient over HTTP.
// Usage: node explorer.mjs <base-url> <access-token> <email>
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, token, email] = process.argv.slice(2);
const step = (name, details = {}) => console.log(JSON.stringify({ step: name, ...details }));
const isLoopback = (url) => {
  const { protocol, hostname } = new URL(url);
  return ['data:', 'blob:'].includes(protocol) || hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
};

const userDataDir = await mkdtemp(join(tmpdir(), 'explorer-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1920, height: 1080 },
});
const watchdog = setTimeout(() => fail('timed out after 150 s'), 150_000);
const blocked = [];
const consoleErrors = [];
const socketFramesSent = [];
const workers = [];

async function fail(message) {
  step('failed', { message, consoleErrors, blocked });
  await context.close().catch(() => {});
  await rm(userDataDir, { recursive: true, force: true });
  process.exit(1);
}

await context.route('**/*', (route) => {
  if (isLoopback(route.request().url())) {
    return route.continue();
  }

  blocked.push(route.request().url());
  return route.abort('blockedbyclient');
});
await context.routeWebSocket((url) => !isLoopback(url.href), (ws) => {
  blocked.push(ws.url());
  ws.close();
});

const page = context.pages()[0] ?? await context.newPage();
page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text().slice(0, 300)));
page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`));
page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
page.on('websocket', (ws) => ws.on('framesent', (frame) => socketFramesSent.push(String(frame.payload))));

/** Replaces an editor's text by typing it, as a person would (Monaco closes brackets and quotes as they are typed). */
async function typeInto(editorSelector, text) {
  const editor = page.locator(`${editorSelector} .monaco-editor`).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Escape');
  const typed = (await page.evaluate((selector) => document.querySelector(`${selector} .monaco-editor .view-lines`)?.innerText ?? '', editorSelector))
    .replace(/\u00a0/g, ' ');
  if (normalize(typed) !== normalize(text)) {
    await fail(`the editor ${editorSelector} holds ${JSON.stringify(typed)} instead of ${JSON.stringify(text)}`);
  }
  // GraphiQL parses the editor's text after a debounce and picks HTTP or the socket from that parse:
  // pressing Run before it (no person is that fast) sends a new subscription over HTTP as if it were
  // the previous query. Give the parse time, as a person would, even on a busy machine.
  await page.waitForTimeout(1000);
}

const normalize = (text) => text.replace(/\s+/g, ' ').trim();
const responseText = () => page.evaluate(() =>
  (document.querySelector('.graphiql-response .monaco-editor .view-lines')?.innerText ?? '').replace(/\u00a0/g, ' '));

/** Waits until the response pane's JSON satisfies the check; returns it. */
async function response(check, what) {
  const until = Date.now() + 30_000;
  let last = '';
  while (Date.now() < until) {
    last = await responseText();
    try {
      const json = JSON.parse(last);
      if (check(json)) {
        return json;
      }
    } catch {
      // still loading, or a partial render
    }

    await page.waitForTimeout(200);
  }

  return fail(`${what}: the response pane shows ${JSON.stringify(last)}`);
}

const run = () => page.locator('.graphiql-execute-button').click();

try {
  const loaded = await page.goto(`${base}/graphql`);
  if (loaded?.status() !== 200) {
    await fail(`GET /graphql answered ${loaded?.status()}`);
  }

  await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 60_000 });
  step('loaded', { csp: loaded.headers()['content-security-policy'] });

  // Monaco's GraphQL worker validates against the schema: an unknown field gets a red squiggle.
  await typeInto('.graphiql-query-editor', '{ plans { nope } }');
  await page.locator('.graphiql-query-editor .squiggly-error').first().waitFor({ timeout: 30_000 })
    .catch(() => fail(`no validation marker for an unknown field (workers started: ${JSON.stringify(workers)})`));
  step('validated', { workers });

  await typeInto('.graphiql-query-editor', '{ plans { tier } }');
  await run();
  const plans = await response((json) => Array.isArray(json.data?.plans), 'plans query');
  step('query', { tiers: plans.data.plans.map((p) => p.tier) });

  await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
  await typeInto('.graphiql-editor-tool .graphiql-editor:not(.hidden)', `{ "Authorization": "Bearer ${token}" }`);
  await typeInto('.graphiql-query-editor', '{ me { email } }');
  await run();
  const me = await response((json) => json.data && 'me' in json.data, 'me query');
  if (me.data.me?.email !== email) {
    await fail(`the headers tab's token was not sent: me is ${JSON.stringify(me.data.me)}`);
  }

  step('signedIn', { email: me.data.me.email });

  await typeInto('.graphiql-query-editor', 'subscription { tokenPoolUpdated { uniqueClients } }');
  await run();
  const first = await response((json) => typeof json.data?.tokenPoolUpdated?.uniqueClients === 'number', 'first tokenPoolUpdated');
  const before = first.data.tokenPoolUpdated.uniqueClients;
  step('subscribed', { uniqueClients: before });

  const next = await response((json) => json.data?.tokenPoolUpdated?.uniqueClients > before, 'tokenPoolUpdated after registerClient');
  const init = socketFramesSent.map((f) => JSON.parse(f)).find((m) => m.type === 'connection_init');
  step('event', { uniqueClients: next.data.tokenPoolUpdated.uniqueClients, connectionParams: init?.payload ?? null });

  await page.waitForTimeout(500);
  step('done', { consoleErrors, blocked });
} catch (error) {
  await fail(String(error?.stack ?? error));
} finally {
  clearTimeout(watchdog);
  await context.close().catch(() => {});
  await rm(userDataDir, { recursive: true, force: true });
}
