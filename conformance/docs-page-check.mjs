// Checks the server's Swagger UI page in headless Chromium, as a person would use it:
//   1. opens ${BASE_URL}/docs and waits for the operations of the contract to render; POST /login and
//      POST /logout must both be shown, and the Servers list must name BASE_URL alone;
//   2. expands POST /login, clicks "Try it out", types the credentials as the request body, clicks
//      "Execute", and expects the live response to show 200 and a Bearer access_token.
// It fails on any assertion, on any error the page logs to its console or throws, on any request the
// page makes outside BASE_URL's origin (such a request is aborted, so nothing is fetched from the
// internet), and after 60 s in all.
//
// Environment:
//   BASE_URL       the server, e.g. http://127.0.0.1:8081 (the default)
//   XIQ_USERNAME   a user of that server (required)
//   XIQ_PASSWORD   its password (required; never printed)
//   CHROMIUM       the browser to drive (default /usr/bin/chromium: Debian's chromium package)
//   SCREENSHOT     if set, a PNG of the whole page is written there, on success and on failure, with the
//                  request body editor and the curl command (which show the password) blacked out
// Exit code 0 with one line "docs page OK: ..." on stdout, or 1 with one line of reason on stderr.
import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';

const TIMEOUT_MS = 60_000;
// Every operation is drawn together once the contract is loaded: once one is shown, another must follow fast.
const RENDERED_TIMEOUT_MS = 5_000;
const started = Date.now();

let step = 'reading the environment';
let browser;
let page;
let failure;
let failed;
const failedOnce = new Promise((resolve) => { failed = resolve; });

/** Records the first failure, from whichever source, and stops the check. */
function fail(reason) {
  if (failure === undefined) {
    failure = String(reason).replace(/\s+/g, ' ').trim();
    failed();
  }
}

class CheckFailure extends Error {}
function check(condition, reason) {
  if (!condition) {
    throw new CheckFailure(reason);
  }
}

function configuration() {
  const raw = process.env.BASE_URL || 'http://127.0.0.1:8081';
  let base;
  try {
    base = new URL(raw);
  } catch {
    throw new CheckFailure(`BASE_URL is not a URL: ${raw}`);
  }
  check(base.protocol === 'http:' || base.protocol === 'https:', `BASE_URL is not an http(s) URL: ${raw}`);
  check(process.env.XIQ_USERNAME, 'XIQ_USERNAME is not set');
  check(process.env.XIQ_PASSWORD, 'XIQ_PASSWORD is not set');
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new CheckFailure(`no browser to run at ${executablePath}: install Debian's chromium package, or set CHROMIUM`);
  }
  return {
    base: base.href.replace(/\/+$/, ''),
    origin: base.origin,
    username: process.env.XIQ_USERNAME,
    password: process.env.XIQ_PASSWORD,
    executablePath,
  };
}

/** Whether the page may fetch this URL: only from BASE_URL's origin (and data:, blob: and about: URLs, which fetch nothing). */
function allowed(url, origin) {
  if (/^(data|blob|about):/i.test(url)) {
    return true;
  }
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The block of one operation: Swagger UI 5 marks its path with data-path, and writes it with zero-width spaces before each slash. */
function operationBlock(method, path) {
  const textOfPath = new RegExp(`^\\s*${escapeRegExp(path).replace(/\//g, '[\\u200b]?/')}\\s*$`);
  const pathCell = page.locator(`.opblock-summary-path[data-path="${path}"]`)
    .or(page.locator('.opblock-summary-path').filter({ hasText: textOfPath }));
  return page.locator(`.opblock.opblock-${method}`).filter({ has: pathCell }).first();
}

async function visible(locator, what, timeout) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch (e) {
    if (e?.name === 'TimeoutError') {
      throw new CheckFailure(`${what} is not shown after ${Math.round(timeout / 1000)} s`);
    }
    throw e;
  }
}

const remaining = () => Math.max(1, TIMEOUT_MS - (Date.now() - started));

async function run() {
  const config = configuration();

  step = `launching ${config.executablePath}`;
  browser = await chromium.launch({
    executablePath: config.executablePath,
    // Playwright gives the browser a new, empty profile directory of its own and deletes it afterwards.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: remaining(),
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: 'block' });
  context.setDefaultTimeout(remaining());
  context.on('request', (request) => {
    if (!allowed(request.url(), config.origin)) {
      fail(`the page requested ${request.method()} ${request.url()}, outside ${config.origin}`);
    }
  });
  await context.route('**/*', (route) => (allowed(route.request().url(), config.origin)
    ? route.continue() : route.abort('blockedbyclient')));

  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location()?.url;
      fail(`the page logged a console error${where ? ` (${where})` : ''}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => fail(`the page threw: ${error.message}`));
  page.on('crash', () => fail('the page crashed'));

  step = `opening ${config.base}/docs`;
  const response = await page.goto(`${config.base}/docs`, { waitUntil: 'load', timeout: remaining() });
  check(response, `${config.base}/docs gave no response`);
  check(response.status() === 200, `GET ${config.base}/docs answered ${response.status()}`);

  step = 'waiting for the operations to render';
  await visible(page.locator('.opblock').first(), 'any operation', remaining());
  const login = operationBlock('post', '/login');
  const logout = operationBlock('post', '/logout');
  await visible(login, 'the operation POST /login', Math.min(RENDERED_TIMEOUT_MS, remaining()));
  await visible(logout, 'the operation POST /logout', Math.min(RENDERED_TIMEOUT_MS, remaining()));

  step = 'reading the Servers list';
  const servers = (await page.locator('.servers select option').allInnerTexts()).map((text) => text.trim());
  check(servers.length > 0 && servers.every((text) => text.startsWith(config.base)),
    `the Servers list shows ${JSON.stringify(servers)}, not this server, ${config.base}`);

  step = 'expanding POST /login';
  await login.locator('.opblock-summary-path').first().click();
  const tryItOut = login.locator('button.try-out__btn');
  await visible(tryItOut, 'the "Try it out" button of POST /login', remaining());
  check(/try it out/i.test(await tryItOut.innerText()), `the button of POST /login reads "${await tryItOut.innerText()}", not "Try it out"`);

  step = 'clicking "Try it out"';
  await tryItOut.click();
  const body = login.locator('textarea.body-param__text');
  await visible(body, 'the request body editor of POST /login', remaining());

  step = 'typing the request body';
  const typed = JSON.stringify({ username: config.username, password: config.password }, null, 2);
  await body.fill(typed);
  check((await body.inputValue()) === typed, 'the request body editor of POST /login did not take the credentials');

  step = 'executing POST /login';
  const execute = login.locator('button.execute');
  await visible(execute, 'the "Execute" button of POST /login', remaining());
  const sent = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/login'),
    { timeout: remaining() });
  await execute.click();
  const request = await sent;
  let posted;
  try {
    posted = JSON.parse(request.postData() ?? '');
  } catch {
    posted = undefined;
  }
  check(posted?.username === config.username && posted?.password === config.password,
    `"Execute" sent POST ${request.url()} without the credentials typed as its body`);

  step = 'waiting for the live response of POST /login';
  const live = login.locator('.live-responses-table .response').first();
  await visible(live, 'the live response of POST /login', remaining());
  // The cell holds the code, and "Undocumented" after a code the contract does not list.
  const status = (await live.locator('.response-col_status').first().innerText()).replace(/\s+/g, ' ').trim();
  check(/^200\b/.test(status), `POST /login through "Try it out" answered ${status || 'nothing'}, not 200`);
  const shownBody = await live.locator('.response-col_description').first().innerText();
  check(shownBody.includes('access_token'), 'the response body of POST /login shown has no access_token');
  check(shownBody.includes('Bearer'), 'the response body of POST /login shown has no Bearer token_type');

  if (process.env.SCREENSHOT) {
    step = `taking a screenshot to ${process.env.SCREENSHOT}`;
    await screenshot(remaining());
  }
  return `docs page OK: ${config.base}/docs shows POST /login and POST /logout; Try it out POST ${request.url()} `
    + `answered 200 with a Bearer access_token (${((Date.now() - started) / 1000).toFixed(1)} s)`;
}

/** A PNG of the whole page, the password blacked out: it is shown in the request body editor and in the curl command. */
async function screenshot(timeout) {
  const secrets = [page.locator('textarea.body-param__text'), page.locator('.curl-command'), page.locator('.curl')];
  await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true, mask: secrets, maskColor: '#000', timeout });
}

async function closeBrowser() {
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}

const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s while ${step}`), TIMEOUT_MS);
const outcome = await Promise.race([
  run().then((line) => ({ line }), (error) => {
    fail(error instanceof CheckFailure ? error.message : `${step}: ${String(error?.message ?? error).split('\n')[0]}`);
    return {};
  }),
  failedOnce.then(() => ({})),
]);
clearTimeout(timer);

if (failure === undefined && outcome.line) {
  await closeBrowser();
  console.log(outcome.line);
  process.exit(0);
}
if (process.env.SCREENSHOT && page) {
  await screenshot(5_000).catch(() => {});
}
await closeBrowser();
console.error(`docs page check FAILED: ${failure}`);
process.exit(1);
