/**
 * The production command center (scripts/web.ts over build/) for a test, on the services that
 * `npm test` started, and the browser set-up the e2e tests share.
 */
import type { Page } from 'playwright-core';
import { createTestAuth, type TestAuth, type TestUser } from './auth';
import { launchBrowser, type LaunchBrowserOptions, type TestBrowser } from './browser';
import { readTestServices } from './env';
import { spawnProcess, type SpawnedProcess } from './processes';
import { waitFor } from './wait';

/** The line scripts/web.ts prints once it listens; the address in it is the one it really got. */
const LISTENING = /command center: (http:\/\/[\d.]+:(\d+))\//;

export interface StartWebOptions {
  /** The test's InfluxDB database: with it go MQTT_URL and INFLUX_URL of the `npm test` services. */
  db: string;
  /** The test users (PANTAU_USERS, PANTAU_SESSION_SECRET, PANTAU_KIOSK_TOKENS). */
  auth?: TestAuth;
  /** Further settings; they win over the above. PORT is 0 unless given: the server picks a free one. */
  env?: Record<string, string>;
  /** Shown in errors (several webs in one test). */
  name?: string;
  /** Generous by default: a cold start on the shared test machine can take tens of seconds. */
  timeoutMs?: number;
  /**
   * Also wait until /api/health says the hub is on MQTT, for tests that publish at once (a message
   * sent before the hub subscribes is lost). The value is the health request's headers.
   */
  untilMqtt?: Record<string, string>;
}

/** The web process, with the address it printed. */
export type TestWeb = SpawnedProcess & { url: string; port: number };

export async function startWeb(opts: StartWebOptions): Promise<TestWeb> {
  const services = readTestServices();
  const proc = await spawnProcess({
    name: opts.name ?? 'web',
    args: ['scripts/web.ts'],
    env: { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: opts.db, PORT: '0', ...opts.auth?.env, ...opts.env },
    readyLine: LISTENING,
    timeoutMs: opts.timeoutMs ?? 60_000
  });
  const [, url, port] = LISTENING.exec(proc.logs())!;
  const headers = opts.untilMqtt;
  if (headers) {
    // A web that never reaches MQTT is stopped here: the caller never got it, so its afterAll cannot.
    await waitFor('hub on MQTT', async () => ((await (await fetch(`${url}/api/health`, { headers })).json()) as { mqtt: boolean }).mqtt).catch(async (err: unknown) => {
      await proc.stop();
      throw err;
    });
  }
  return Object.assign(proc, { url, port: Number(port) });
}

export interface WebInBrowserOptions extends Omit<StartWebOptions, 'auth'> {
  /** Test users made for this web; each one's password is `<user>-password-1`. */
  users?: Array<Pick<TestUser, 'user' | 'role'>>;
  browser?: LaunchBrowserOptions;
}

/** A web with its test users, and a Chromium with one page open (on nothing yet). */
export interface WebInBrowser {
  auth: TestAuth;
  web: TestWeb;
  browser: TestBrowser;
  page: Page;
  /** Closes the browser, stops the web, removes the users file. */
  close(): Promise<void>;
}

export async function startWebInBrowser(opts: WebInBrowserOptions): Promise<WebInBrowser> {
  const { users = [], browser: browserOpts, ...webOpts } = opts;
  const auth = await createTestAuth(users);
  let web: TestWeb | undefined;
  let browser: TestBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await web?.stop();
    await auth.cleanup();
  };
  try {
    web = await startWeb({ ...webOpts, auth });
    browser = await launchBrowser(browserOpts);
    const page = await browser.context.newPage();
    return { auth, web, browser, page, close };
  } catch (err) {
    // afterAll never sees a half-made set-up: what did start is stopped here.
    await close();
    throw err;
  }
}

/** Logs in through the /login form (Enter in the password field) and waits to land on `next`. */
export async function logInWithForm(page: Page, baseUrl: string, auth: TestAuth, user: string, next: string, timeoutMs = 60_000): Promise<void> {
  const password = auth.users.find((u) => u.user === user)?.password;
  if (!password) throw new Error(`no test user ${user}`);
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[name="password"]').press('Enter');
  await page.waitForURL((u) => u.pathname === next, { timeout: timeoutMs });
}
