// Browser end-to-end test of the web app (web/dist) against a real yibao server.
//
//   YIBAO_BIN=build/test/src/yibao YIBAO_REPO=$PWD node --test tests/e2e/app.test.mjs
//
// Starts its own server on a throwaway SQLite store seeded with the demo world (docs/DEMO.md),
// drives Debian's Chromium (/usr/bin/chromium) through playwright-core at a phone viewport, and
// decodes the QR code it sees with zbarimg, as a hospital scanner would. It never skips: a
// missing browser, build output or tool is a failure. Screenshots go to tests/e2e/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(process.env.YIBAO_REPO ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const BIN = process.env.YIBAO_BIN ?? join(REPO, 'build', 'test', 'src', 'yibao');
const CHROMIUM = process.env.YIBAO_CHROMIUM ?? '/usr/bin/chromium';
const WEB_ROOT = join(REPO, 'web', 'dist');
const ARTIFACTS = join(REPO, 'tests', 'e2e', 'artifacts');
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};
const PASSWORD = 'Demo2026yb';

let tmp;
let server;
let serverLog;
let base;
let browser;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function yibao(args) {
  execFileSync(BIN, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

function storeArgs() {
  return ['--store', `sqlite:${join(tmp, 'e2e.db')}`, '--data-dir', join(tmp, 'var'), '--set', 'security.password_hash=fast'];
}

function serverOutput() {
  try {
    return readFileSync(serverLog, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

before(async () => {
  // Fail, never skip, when something the test needs is missing.
  assert.ok(existsSync(BIN), `yibao binary not found: ${BIN} (set YIBAO_BIN)`);
  assert.ok(existsSync(join(WEB_ROOT, 'index.html')), `web/dist is not built: run 'npm run build' in web/ (or make build)`);
  assert.ok(existsSync(join(WEB_ROOT, 'console', 'index.html')), 'web/dist/console/index.html is missing: rebuild web/');
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium (scripts/install-deps)`);
  execFileSync('zbarimg', ['--version'], { stdio: 'ignore' }); // throws when zbar-tools is missing
  const require = createRequire(join(REPO, 'web', 'package.json'));
  const { chromium } = require('playwright-core');

  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'yibao-e2e-'));
  yibao(['migrate', ...storeArgs()]);
  yibao(['seed-demo', ...storeArgs()]);

  const portFile = join(tmp, 'port');
  serverLog = join(tmp, 'server.log');
  const log = openSync(serverLog, 'a');
  server = spawn(BIN, ['serve', '--port', '0', '--port-file', portFile, '--web-root', WEB_ROOT, '--demo-clock', ...storeArgs()], {
    cwd: REPO,
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((r) => server.once('exit', (code, signal) => r({ code, signal })));
  let port = '';
  for (let i = 0; i < 600 && !port; i++) {
    const state = await Promise.race([exited, sleep(100)]);
    if (state) assert.fail(`yibao serve exited early (${JSON.stringify(state)}):\n${serverOutput()}`);
    if (existsSync(portFile)) port = readFileSync(portFile, 'utf8').trim();
  }
  assert.ok(/^\d+$/.test(port), `yibao serve wrote no port file within 60 s:\n${serverOutput()}`);
  base = `http://127.0.0.1:${port}`;

  // Playwright gives the browser a fresh, empty profile directory (its own --user-data-dir).
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null && server.signalCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
  if (tmp && !process.env.YIBAO_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
});

async function phonePage() {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  // Generous: CI runs this beside the sanitizer-built server and other suites on two cores.
  page.setDefaultTimeout(30_000);
  return page;
}

const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** waitFor, and when it times out: a screenshot (failure-NAME.png) and the server log's tail in the error. */
async function waitOrExplain(page, locator, name) {
  try {
    await locator.waitFor();
  } catch (error) {
    await shot(page, `failure-${name}`).catch(() => {});
    error.message += `\npage: ${page.url()}\nserver log (tail):\n${serverOutput()}`;
    throw error;
  }
}

async function citizenLogin(page, phone) {
  await page.goto(`${base}/#/login`);
  await page.locator('[data-testid=phone] input').fill(phone);
  await page.locator('[data-testid=password] input').fill(PASSWORD);
  await page.locator('[data-testid=login]').click();
}

function institutionSecret(code) {
  const text = readFileSync(join(tmp, 'var', 'demo-world.txt'), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`institution ${code} secret `));
  assert.ok(line, `no 'institution ${code} secret' line in demo-world.txt`);
  return line.split(' ')[3];
}

/** A signed institution request to `path` (TIF headers: SHA-256 of timestamp + key + nonce + timestamp). */
function institutionPost(path, code, secret, body) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(12).toString('hex');
  const signature = createHash('sha256').update(timestamp + secret + nonce + timestamp).digest('hex').toUpperCase();
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'x-tif-paasid': code,
      'x-tif-timestamp': timestamp,
      'x-tif-nonce': nonce,
      'x-tif-signature': signature,
    },
    body,
  });
}

async function institutionDecode(orgId, token, secret = institutionSecret(orgId), businessType = '01101') {
  const body = {
    orgId,
    transType: 'ec.query',
    data: {
      ecQrCode: token,
      businessType,
      operatorId: 'D001',
      operatorName: '测试',
      officeId: 'K01',
      officeName: '门诊',
      deviceType: 'Scanner',
    },
  };
  const response = await institutionPost('/localcfc/api/hsecfc/localQrCodeQuery', orgId, secret, JSON.stringify(body));
  return response.json();
}

test('the server serves the built app with proper types and caching', async () => {
  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  const html = await index.text();
  const asset = html.match(/\/assets\/[^"]+\.js/);
  assert.ok(asset, 'index.html references a hashed /assets/*.js');
  const js = await fetch(`${base}${asset[0]}`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  assert.match(js.headers.get('cache-control'), /immutable/);
  const consolePage = await fetch(`${base}/console/`);
  assert.equal(consolePage.status, 200);
  assert.match(await consolePage.text(), /医保经办管理台/);
});

test('张建国 logs in, shows his code, and a hospital decodes the screenshot', async () => {
  const page = await phonePage();
  await page.goto(`${base}/`);
  await page.waitForURL(/#\/login/);
  await page.locator('[data-testid=login]').waitFor();
  await shot(page, 'citizen-login');

  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await page.getByText('已激活').waitFor();
  assert.equal((await page.locator('[data-testid=greeting]').textContent()).trim(), '张*国');
  await shot(page, 'citizen-home');

  await page.locator('[data-testid=tile-code]').click();
  await page.waitForURL(/#\/code/);
  const qr = page.locator('[data-testid=qr]');
  await qr.locator('svg').waitFor();
  await page.locator('[data-testid=countdown]').waitFor();
  assert.match(await page.locator('[data-testid=countdown]').textContent(), /\d+\s*秒/);
  assert.match(await page.locator('[data-testid=code-region]').textContent(), /朝阳/);
  const box = await qr.boundingBox();
  assert.ok(box.width >= 260, `the QR code is ${box.width}px wide, at least 260 expected`);
  await shot(page, 'citizen-code');

  const qrPng = join(ARTIFACTS, 'qr.png');
  await qr.screenshot({ path: qrPng });
  const token = execFileSync('zbarimg', ['--raw', '-q', qrPng], { encoding: 'utf8' }).trim();
  assert.match(token, /^[A-Za-z0-9]+$/, `zbarimg read '${token}'`);

  const answer = await institutionDecode('H11010500001', token);
  assert.equal(answer.code, 0, `decode refused: ${JSON.stringify(answer)}`);
  assert.equal(JSON.parse(answer.data).userName, '张建国');

  // The 刷新 button gives a new code.
  await page.locator('[data-testid=refresh]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=refresh]')?.classList.contains('van-button--loading'));

  // The decode shows up in 扫码记录.
  await page.goto(`${base}/#/decodes`);
  const decode = page.locator('[data-testid=decode]').first();
  await decode.waitFor();
  const text = await decode.textContent();
  assert.match(text, /北京市朝阳区第一人民医院/);
  assert.match(text, /成功/);
  await shot(page, 'citizen-decodes');

  await page.goto(`${base}/#/enrolments`);
  await page.locator('[data-testid=enrolment]').first().waitFor();
  assert.match(await page.locator('[data-testid=enrolment]').first().textContent(), /当前/);
  await shot(page, 'citizen-enrolments');
  await page.context().close();
});

test('个人账户 shows 5680.00 as 历年 and pages through the entries', async () => {
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-account]').click();
  await page.waitForURL(/#\/account/);
  const prior = page.locator('[data-testid=balance-prior]');
  await prior.waitFor();
  assert.equal((await prior.textContent()).trim(), '5680.00');
  await page.locator('[data-testid=entries-current]').waitFor();
  await shot(page, 'citizen-account');
  await page.getByRole('tab', { name: '历年明细' }).click();
  await page.locator('[data-testid=entries-prior]').waitFor();
  await page.waitForTimeout(500);
  await shot(page, 'citizen-account-prior');
  await page.context().close();
});

test('a resident without a personal account is told so plainly', async () => {
  const page = await phonePage();
  await citizenLogin(page, '13800000002');
  await page.waitForURL(/#\/$/);
  await page.goto(`${base}/#/account`);
  await page.locator('[data-testid=no-account]').waitFor();
  assert.match(await page.locator('[data-testid=no-account]').textContent(), /职工/);
  await shot(page, 'citizen-account-resident');
  await page.context().close();
});

test('王芳 switches her current 参保地', async () => {
  const page = await phonePage();
  await citizenLogin(page, '13800000003');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-enrolments]').click();
  await page.waitForURL(/#\/enrolments$/);
  await page.locator('[data-testid=enrolment]').nth(1).waitFor();
  await shot(page, 'citizen-enrolments-two');
  const button = page.locator('[data-testid=make-current]');
  assert.equal(await button.count(), 1);
  const target = page.locator('[data-testid=enrolment]', { has: button });
  const region = (await target.locator('h2').textContent()).trim();
  await button.click();
  await page.locator('[data-testid=enrolment]', { hasText: region }).getByText('当前', { exact: true }).waitFor();
  await page.waitForTimeout(300);
  await shot(page, 'citizen-enrolments-switched');
  await page.context().close();
});

test('the frozen 陈静 sees why, and her phone number stays in the form', async () => {
  const page = await phonePage();
  await citizenLogin(page, '13800000004');
  const error = page.locator('[data-testid=error]');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /您的医保电子凭证已被冻结/);
  assert.match(text, /请联系参保地医保经办机构了解原因并办理解冻/);
  assert.equal(await page.locator('[data-testid=phone] input').inputValue(), '13800000004');
  assert.match(page.url(), /#\/login/);
  await shot(page, 'citizen-login-frozen');
  await page.context().close();
});

/** A full-page screenshot taken from the top, so the fixed nav bar is not drawn over the middle of the page. */
async function topShot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await shot(page, name);
}

const agencyTokens = new Map();
async function agencyToken(username = 'bj_agent') {
  if (!agencyTokens.has(username)) {
    const login = await fetch(`${base}/api/agency/v1/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'Agent2026demo' }),
    });
    assert.equal(login.status, 201, `agency login: ${login.status}`);
    agencyTokens.set(username, (await login.json()).token);
  }
  return agencyTokens.get(username);
}

/** A person's full ID number as an agent of their region sees it (one staff session for all look-ups: staff logins are rate-limited). */
async function agencyIdNumber(username, name) {
  const token = await agencyToken(username);
  const found = await fetch(`${base}/api/agency/v1/persons?name=${encodeURIComponent(name)}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(found.status, 200);
  const { items } = await found.json();
  assert.ok(items.length >= 1 && /^\d{17}[\dX]$/.test(items[0].id_number), `no ID number for ${name}: ${JSON.stringify(items)}`);
  return items[0].id_number;
}

/** A person's full ID number, as the Beijing agent sees it in the agency API (the citizen app never shows it). */
const idNumberOf = (name) => agencyIdNumber('bj_agent', name);

test('张建国 authorises his wife 李秀英 for 家庭共济 after filing first', async () => {
  const li = await idNumberOf('李秀英');
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-mutual-aid]').click();
  await page.waitForURL(/#\/mutual-aid/);
  assert.match(await page.locator('[data-testid=aid-intro]').textContent(), /亲情账户/);
  await page.locator('[data-testid=aid-as_authoriser]').waitFor();

  await page.locator('[data-testid=aid-name] input').fill('李秀英');
  await page.locator('[data-testid=aid-id] input').fill(li);
  await page.locator('[data-testid=aid-relation]').getByRole('radio', { name: '配偶' }).click();
  await page.locator('[data-testid=aid-check]').click();
  const result = page.locator('[data-testid=check-result]');
  await result.waitFor();
  assert.match(await result.textContent(), /当地要求先办理家庭共济备案/);
  assert.match(await result.textContent(), /请先提交家庭共济备案/);
  assert.match(await page.locator('[data-testid=check-date]').textContent(), /如果今天授权，\d{4}-\d{2}-\d{2} 起可用/);
  await topShot(page, 'citizen-mutual-aid-check');

  await page.locator('[data-testid=aid-file]').click();
  await result.getByText('可以办理授权').waitFor(); // re-checked after filing: nothing blocks now
  assert.equal(await page.locator('[data-testid=check-blocker]').count(), 0);
  await page.locator('[data-testid=aid-authorise]').click();
  const card = page.locator('[data-testid=aid-as_authoriser] [data-testid=aid]').first();
  await card.waitFor();
  assert.match(await card.textContent(), /李\*英/);
  assert.equal((await card.locator('[data-testid=aid-status]').textContent()).trim(), '等待生效');
  assert.match(await card.textContent(), /配偶/);
  await card.locator('[data-testid=aid-history-toggle]').click();
  await card.locator('[data-testid=aid-history] li').first().waitFor();
  const history = await card.locator('[data-testid=aid-history]').textContent();
  assert.match(history, /生效日期/);
  assert.doesNotMatch(history, /渠道：app/, 'the channel is named in words');
  await page.waitForTimeout(2200); // let the success toast go
  await topShot(page, 'citizen-mutual-aid');

  // Authorising her again is refused with the API's words, and the form keeps what was typed.
  await page.locator('[data-testid=aid-name] input').fill('李秀英');
  await page.locator('[data-testid=aid-id] input').fill(li);
  await page.locator('[data-testid=aid-relation]').getByRole('radio', { name: '配偶' }).click();
  await page.locator('[data-testid=aid-authorise]').click();
  const error = page.locator('[data-testid=aid-form] [data-testid=error]');
  await error.waitFor();
  assert.ok((await error.locator('.error-remedy').textContent()).trim().length > 2, 'the refusal shows a remedy');
  assert.equal(await page.locator('[data-testid=aid-id] input').inputValue(), li);
  await topShot(page, 'citizen-mutual-aid-refused');
  await page.context().close();
});

test('张建国 pays next year for his father 张德福 in cash and downloads the receipt', async () => {
  const de = await idNumberOf('张德福');
  const nextYear = String(new Date().getFullYear() + 1);
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-contributions]').click();
  await page.waitForURL(/#\/contributions/);
  await page.locator('[data-testid=pay-form]').waitFor();

  await page.locator('[data-testid=pay-name] input').fill('张德福');
  await page.locator('[data-testid=pay-id] input').fill(de);
  assert.equal(await page.locator(`[data-testid=pay-year] [data-value="${nextYear}"]`).getAttribute('aria-checked'), 'true');
  assert.equal(await page.locator('[data-testid=pay-from] [data-value=cash]').getAttribute('aria-checked'), 'true');
  await page.locator('[data-testid=pay-submit]').click();
  const dialog = page.locator('.van-dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), new RegExp(`${nextYear} 年度`));
  await dialog.getByRole('button', { name: '确认缴费' }).click();

  const paid = page.locator('[data-testid=pay-result]');
  await paid.waitFor();
  const receiptNo = (await page.locator('[data-testid=pay-receipt-no]').textContent()).trim();
  assert.match(receiptNo, /^JF\d{16}$/);
  assert.match(await paid.textContent(), /\d+\.\d{2} 元/);

  // The new payment is listed, with a year filter built from the data.
  const row = page.locator('[data-testid=contribution]', { hasText: receiptNo });
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`张\\*福 · ${nextYear}年度`));
  assert.match(await row.textContent(), /现金/);
  await page.locator(`[data-testid=filter-year] [data-value="${nextYear}"]`).click();
  await page.waitForTimeout(1600); // let the success toast go
  await topShot(page, 'citizen-contributions');

  // 下载缴费凭证 fetches the PDF with the session's token and hands it to the browser.
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/contributions/${receiptNo}/receipt.pdf`)),
    page.waitForEvent('download'),
    row.locator('[data-testid=receipt]').click(),
  ]);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'], /application\/pdf/);
  assert.equal(download.suggestedFilename(), `缴费凭证-${receiptNo}.pdf`);
  const saved = join(ARTIFACTS, 'receipt.pdf');
  await download.saveAs(saved);
  const pdf = readFileSync(saved);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the downloaded file is a PDF');
  assert.ok(pdf.length > 500, `the PDF is only ${pdf.length} bytes`);
  // The same URL refuses a request without the session's token.
  const bare = await page.request.get(`${base}/api/v1/me/contributions/${receiptNo}/receipt.pdf`);
  assert.equal(bare.status(), 401);
  await topShot(page, 'citizen-contributions-paid');
  await page.context().close();
});

test('the Shenzhen agent finds both records of 刘洋 in the console', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  // Generous: CI runs this beside the sanitizer-built server and other suites on two cores.
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/console/`);
  await page.locator('[data-testid=username] input').fill('sz_agent');
  await page.locator('[data-testid=password] input').fill('Agent2026demo');
  await shot(page, 'console-login');
  await page.locator('[data-testid=login]').click();
  await page.locator('[data-testid=search-text] input').waitFor();
  await page.locator('[data-testid=staff]').waitFor();
  await page.locator('[data-testid=field-name]').click();
  await page.locator('[data-testid=search-text] input').fill('刘洋');
  await page.locator('[data-testid=search]').click();
  await page.locator('[data-testid=result-count]').waitFor();
  assert.equal(await page.locator('[data-testid=person]').count(), 2);
  assert.match(await page.locator('[data-testid=result-count]').textContent(), /2 条/);
  await page.locator('[data-testid=duplicates]').waitFor();
  await shot(page, 'console-search');

  // A refused action shows the API's message in a dialog and keeps what was typed.
  await page.locator('[data-testid=person]').first().locator('[data-testid=btn-offline]').click();
  await page.locator('[data-testid=pin] input').fill('111111');
  await page.locator('[data-testid=confirm]').click();
  const dialog = page.locator('.van-dialog');
  await dialog.waitFor();
  await page.waitForTimeout(500); // let the dialog finish fading in
  await shot(page, 'console-refused');
  assert.ok((await dialog.textContent()).trim().length > 4);
  await dialog.getByText('知道了').click();
  assert.equal(await page.locator('[data-testid=pin] input').inputValue(), '111111');
  await context.close();
});

async function consoleLogin(username) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/console/`);
  await page.locator('[data-testid=username] input').fill(username);
  await page.locator('[data-testid=password] input').fill('Agent2026demo');
  await page.locator('[data-testid=login]').click();
  await page.locator('[data-testid=staff]').waitFor();
  return { context, page };
}

async function closeDialog(page) {
  const dialog = page.locator('.van-dialog');
  await dialog.waitFor();
  const text = await dialog.textContent();
  await dialog.getByText('知道了').click();
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

test('the Beijing agent edits 海淀区 policy: a bad value is refused and kept, a good one becomes version 1 in the history', async () => {
  const { context, page } = await consoleLogin('bj_agent');
  await page.getByRole('tab', { name: '区域政策' }).click();
  await page.locator('[data-testid=policy-admdvs] input').fill('110108');
  await page.locator('[data-testid=policy-open]').click();
  await page.locator('[data-testid=policy-version]').getByText('尚未设置').waitFor();

  await page.locator('[data-testid=override-qr_ttl_seconds]').click();
  await page.locator('[data-testid=value-qr_ttl_seconds] input').fill('5');
  await page.locator('[data-testid=policy-note] textarea').fill('演示：缩短医保码有效期');
  await page.locator('[data-testid=policy-save]').click();
  const refusal = await closeDialog(page);
  assert.match(refusal, /qr_ttl_seconds/);
  assert.match(refusal, /15 到 600/);
  assert.equal(await page.locator('[data-testid=value-qr_ttl_seconds] input').inputValue(), '5');

  await page.locator('[data-testid=value-qr_ttl_seconds] input').fill('45');
  await page.locator('[data-testid=policy-save]').click();
  await page.locator('[data-testid=policy-version]').getByText('第 1 版').waitFor();
  const history = page.locator('[data-testid=policy-history]');
  await history.getByText('演示：缩短医保码有效期').waitFor();
  assert.match(await history.textContent(), /医保码有效期：45 秒/);
  await shot(page, 'console-policy');

  // Beijing staff may read but not change Shenzhen's policy.
  await page.locator('[data-testid=policy-admdvs] input').fill('440305');
  await page.locator('[data-testid=policy-open]').click();
  await page.locator('[data-testid=override-member_face_age]').click();
  await page.locator('[data-testid=policy-note] textarea').fill('越权尝试');
  await page.locator('[data-testid=policy-save]').click();
  assert.match(await closeDialog(page), /无权办理其他统筹区/);
  await context.close();
});

test('the Shenzhen agent registers a pharmacy: its key works at once and stops working when rotated', async () => {
  const { context, page } = await consoleLogin('sz_agent');
  await page.getByRole('tab', { name: '定点机构' }).click();
  await page.locator('[data-testid=institution-code] input').fill('P44030500088');
  await page.locator('[data-testid=institution-name] input').fill('深圳市南山区演示大药房');
  await page.locator('[data-testid=institution-register]').click();
  const first = (await page.locator('[data-testid=issued-secret]').textContent()).trim();
  assert.match(first, /^[0-9a-f]{64}$/);
  await page.locator('[data-testid=institution-P44030500088]').waitFor();
  await shot(page, 'console-institution-key');

  // The key signs an institution call: the decode gets past authentication to the code itself.
  const accepted = await institutionDecode('P44030500088', 'NOT-A-CODE', first);
  assert.notEqual(accepted.err_code, 'INSTITUTION_AUTH_FAILED', JSON.stringify(accepted));

  // Registering the same code again is refused with its reason; the form keeps its input.
  await page.locator('[data-testid=institution-code] input').fill('P44030500088');
  await page.locator('[data-testid=institution-name] input').fill('重复登记');
  await page.locator('[data-testid=institution-register]').click();
  assert.match(await closeDialog(page), /已登记/);
  assert.equal(await page.locator('[data-testid=institution-name] input').inputValue(), '重复登记');

  await page.locator('[data-testid=rotate-P44030500088]').click();
  await page.locator('.van-dialog').getByText('重置', { exact: true }).click();
  await page.waitForFunction((old) => {
    const el = document.querySelector('[data-testid=issued-secret]');
    return el && el.textContent.trim() !== old;
  }, first);
  const second = (await page.locator('[data-testid=issued-secret]').textContent()).trim();
  assert.equal((await institutionDecode('P44030500088', 'NOT-A-CODE', first)).err_code, 'INSTITUTION_AUTH_FAILED');
  assert.notEqual((await institutionDecode('P44030500088', 'NOT-A-CODE', second)).err_code, 'INSTITUTION_AUTH_FAILED');
  await context.close();
});

test('张晓雨 (17) activates her own credential by face — a failed face check keeps the form — then 张建国 logs in by face', async () => {
  const xiaoyu = await idNumberOf('张晓雨');
  const page = await phonePage();
  await page.goto(`${base}/#/login`);
  await page.locator('[data-testid=mode-activate]').click();
  await page.locator('[data-testid=name] input').fill('张晓雨');
  await page.locator('[data-testid=id-number] input').fill(xiaoyu);
  await page.locator('[data-testid=pin] input').fill('246810');
  await page.locator('[data-testid=pin-again] input').fill('246810');
  await page.locator('[data-testid=start-face]').click();
  await page.locator('[data-testid=face-step]').waitFor();
  await shot(page, 'login-activate-face');

  // The camera sees someone else: refused with the reason, and everything typed is still there.
  await page.locator('[data-testid=face-mismatch]').click();
  await page.locator('[data-testid=error]').waitFor();
  assert.match(await page.locator('[data-testid=error]').textContent(), /人脸/);
  assert.equal(await page.locator('[data-testid=id-number] input').inputValue(), xiaoyu);
  assert.equal(await page.locator('[data-testid=pin] input').inputValue(), '246810');
  await shot(page, 'login-activate-refused');

  await page.locator('[data-testid=start-face]').click();
  await page.locator('[data-testid=face-pass]').click();
  await page.waitForURL(/#\/$/);
  await page.getByText('张*雨').first().waitFor();
  await page.context().close();

  const zhang = await idNumberOf('张建国');
  const again = await phonePage();
  await again.goto(`${base}/#/login`);
  await again.locator('[data-testid=mode-face]').click();
  await again.locator('[data-testid=name] input').fill('张建国');
  await again.locator('[data-testid=id-number] input').fill(zhang);
  await again.locator('[data-testid=start-face]').click();
  await again.locator('[data-testid=face-pass]').click();
  await again.waitForURL(/#\/$/);
  await again.getByText('张*国').first().waitFor();
  await again.context().close();
});

// --- 亲情账户 and settlement -------------------------------------------------------------------

// A valid 1×1 PNG: the 户口簿 page the tests upload (the platform decodes it with libpng).
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function openFamily(page) {
  await page.locator('[data-testid=tile-family]').click();
  await page.waitForURL(/#\/family$/);
  await page.locator('[data-testid=family-add]').waitFor();
}

/** The add wizard, ID-number route, from the family page up to the face step or the end. */
async function addByIdNumber(page, { relation, name, id }) {
  await page.locator('[data-testid=family-add]').click();
  await page.waitForURL(/#\/family\/add/);
  await page.locator('[data-testid=relation]').getByRole('radio', { name: relation, exact: true }).click();
  await page.locator('[data-testid=member-name] input').fill(name);
  await page.locator('[data-testid=member-id] input').fill(id);
  await page.locator('[data-testid=binding-start]').click();
}

async function finishPaperwork(page) {
  await page.locator('[data-testid=step-letter]').waitFor();
  const download = page.waitForEvent('download');
  await page.locator('[data-testid=read-letter]').click();
  const pdf = await download;
  assert.match(pdf.suggestedFilename(), /个人承诺书/);
  await page.locator('[data-testid=agree-letter]').click();
  await page.locator('[data-testid=sign]').click();
  await page.locator('[data-testid=step-notice]').waitFor();
  await page.locator('[data-testid=agree-notice]').click();
  await page.locator('[data-testid=accept-notice]').click();
  await page.locator('[data-testid=step-uploads]').waitFor();
  await page.locator('[data-testid=upload-holder]').setInputFiles({ name: 'holder.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await page.locator('[data-testid=step-uploads]').getByText('已上传').waitFor();
  await page.locator('[data-testid=upload-member]').setInputFiles({ name: 'member.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await page.locator('[data-testid=step-uploads]').waitFor({ state: 'detached' }); // both pages in: on to the next step
}

test('张建国 unbinds his son 张小宇 and adds him again (10: no face check); then his 17-year-old daughter through her own face check', async () => {
  const xiaoyu = await idNumberOf('张小宇');
  const xiaoyuDaughter = await idNumberOf('张晓雨');
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await openFamily(page);
  await shot(page, 'family-list');

  // The demo bound 张小宇 already: unbind him on his page; the reason stays on the list.
  await page.locator('[data-testid^=member-]').filter({ hasText: '张*宇' }).first().click();
  await page.locator('[data-testid=member-unbind]').click();
  await page.locator('.van-dialog').getByText('解除', { exact: true }).click();
  await page.waitForURL(/#\/family$/);
  await page.locator('[data-testid=past-binding]').filter({ hasText: '张*宇' }).first().waitFor();
  assert.match(await page.locator('[data-testid=past-binding]').filter({ hasText: '张*宇' }).first().textContent(), /户主|本人|解除/);

  await addByIdNumber(page, { relation: '子女', name: '张小宇', id: xiaoyu });
  await finishPaperwork(page);
  await page.locator('[data-testid=step-complete]').waitFor(); // 10 years old: no face step
  await page.locator('[data-testid=complete]').click();
  await page.locator('[data-testid=bound]').waitFor();
  await shot(page, 'family-bound-10');

  await page.goto(`${base}/#/family`);
  await addByIdNumber(page, { relation: '子女', name: '张晓雨', id: xiaoyuDaughter });
  await finishPaperwork(page);
  await page.locator('[data-testid=step-face]').waitFor(); // 17: she must be there herself
  await page.locator('[data-testid=start-member-face]').click();
  await page.locator('[data-testid=face-step]').waitFor();
  await shot(page, 'family-face-17');
  await page.locator('[data-testid=face-pass]').click();
  await page.locator('[data-testid=bound]').waitFor();
  await page.context().close();
});


/** 朝阳区 gets its own policy row: 2 new bindings a month, and mutual aid without filing or waiting. */
async function setChaoyangPolicy() {
  const token = await agencyToken();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const list = await (await fetch(`${base}/api/agency/v1/policies`, { headers })).json();
  const row = list.items.find((p) => p.admdvs === '110105');
  const saved = await fetch(`${base}/api/agency/v1/policies/110105`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ overrides: { monthly_binding_limit: 2, mutual_aid_waiting_days: 0 }, version: row?.version ?? 0, note: '测试：朝阳区单独政策' }),
  });
  assert.equal(saved.status, 200, await saved.text());
}

test('with a limit of 2 a month, a third binding is refused — unbinding 张小宇 gave no slot back — and the form keeps its input', async () => {
  await setChaoyangPolicy();
  const mother = await idNumberOf('王桂兰');
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await openFamily(page);
  await addByIdNumber(page, { relation: '父母', name: '王桂兰', id: mother });
  const error = page.locator('[data-testid=error]');
  await error.waitFor();
  assert.match(await error.textContent(), /本月添加家庭成员的次数已达上限/);
  assert.match(await error.textContent(), /下个自然月/);
  assert.equal(await page.locator('[data-testid=member-id] input').inputValue(), mother);
  await topShot(page, 'family-monthly-limit');
  await page.context().close();
});

/** One signed call of the institution interface. */
async function fsiCall(code, infno, input, insuplc = '110105') {
  const msgid = `${code}${Math.floor(Date.now() / 1000)}${randomBytes(2).readUInt16BE() % 10000}`.slice(0, 30);
  const envelope = {
    infno, msgid, mdtrtarea_admvs: code.slice(1, 7), insuplc_admdvs: insuplc, recer_sys_code: 'YBXT', dev_no: '', dev_safe_info: '',
    cainfo: '', signtype: '', infver: 'V1.0', opter_type: '1', opter: 'D001', opter_name: '王医生',
    inf_time: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' '),
    fixmedins_code: code, fixmedins_name: '测试医院', sign_no: '', input: '__INPUT__',
  };
  // `input` is spliced in as text so amounts keep their exact digits (124.30, not 124.3).
  const body = JSON.stringify(envelope).replace('"__INPUT__"', input);
  const response = await institutionPost('/fsi/api/callService', code, institutionSecret(code), body);
  const text = await response.text();
  const answer = JSON.parse(text);
  assert.equal(answer.infcode, 0, `${infno}: ${text}`);
  return { output: answer.output, text };
}

test('张建国 authorises 家庭共济 for 张晓雨; a hospital settles her visit from her code; his 历年 and the spending chart show it', async () => {
  const daughter = await idNumberOf('张晓雨');
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);

  await page.locator('[data-testid=tile-mutual-aid]').click();
  await page.waitForURL(/#\/mutual-aid/);
  await waitOrExplain(page, page.locator('[data-testid=aid-as_authoriser]'), 'mutual-aid-list');
  await page.locator('[data-testid=aid-name] input').fill('张晓雨');
  await page.locator('[data-testid=aid-id] input').fill(daughter);
  await page.locator('[data-testid=aid-relation]').getByRole('radio', { name: '子女', exact: true }).click();
  await page.locator('[data-testid=aid-authorise]').click();
  const card = page.locator('[data-testid=aid-as_authoriser] [data-testid=aid]').filter({ hasText: '张*雨' }).first();
  await card.waitFor();
  assert.equal((await card.locator('[data-testid=aid-status]').textContent()).trim(), '生效中');

  // His 历年 before.
  await page.goto(`${base}/#/account`);
  const before = await page.evaluate(async () => {
    const r = await fetch('/api/v1/me/account', { headers: { Authorization: `Bearer ${localStorage.getItem('yibao.citizen.token')}`, 'X-Channel': 'app' } });
    return (await r.json()).prior_fen;
  });

  // He shows her code (the switcher on 我的医保码); the hospital scans it and settles.
  await page.goto(`${base}/#/code`);
  await page.locator('[data-testid=code-switcher]').getByText('张*雨').click();
  await page.locator('[data-testid=code-family]').waitFor();
  const token = await page.evaluate(async () => {
    const members = await (await fetch('/api/v1/me/family/members', { headers: { Authorization: `Bearer ${localStorage.getItem('yibao.citizen.token')}` } })).json();
    const m = members.active.find((b) => b.member_name === '张*雨');
    const r = await fetch(`/api/v1/me/family/members/${m.member_id}/code`, { method: 'POST', headers: { Authorization: `Bearer ${localStorage.getItem('yibao.citizen.token')}`, 'X-Channel': 'app' } });
    return (await r.json()).token;
  });
  await topShot(page, 'family-code-shown');
  const decoded = await institutionDecode('H11010500001', token, undefined, '01301');
  assert.equal(decoded.code, 0, JSON.stringify(decoded));
  const ecToken = JSON.parse(decoded.data).ecToken;
  const person = await fsiCall('H11010500001', '1101', `{"data":{"mdtrt_cert_type":"01","mdtrt_cert_no":"${ecToken}","psn_cert_type":"01"}}`);
  const psnNo = person.output.baseinfo.psn_no;
  const visitNo = `E2E${Date.now()}`;
  const visit = await fsiCall('H11010500001', '2201', `{"data":{"psn_no":"${psnNo}","insutype":"390","begntime":"2026-11-23 09:30:00","mdtrt_cert_type":"01","mdtrt_cert_no":"${ecToken}","ipt_otp_no":"${visitNo}","atddr_no":"D001","dr_name":"王医生","dept_code":"K01","dept_name":"内科","caty":"A03"}}`);
  const mdtrt = visit.output.data.mdtrt_id;
  const line = (sn, code, amount, cnt, pric) =>
    `{"feedetl_sn":"${sn}","mdtrt_id":"${mdtrt}","psn_no":"${psnNo}","chrg_bchno":"B1","rx_circ_flag":"0","fee_ocur_time":"2026-11-23 09:40:00","med_list_codg":"${code}","medins_list_codg":"H-${code}","det_item_fee_sumamt":${amount},"cnt":${cnt},"pric":${pric},"bilg_dept_codg":"K01","bilg_dept_name":"内科","bilg_dr_codg":"D001","bilg_dr_name":"王医生","hosp_appr_flag":"1"}`;
  await fsiCall('H11010500001', '2204', `{"feedetail":[${line('1', 'XJ01CAA040A001010100001', '20.00', 20, '1.00')},${line('2', '210102015', '90.00', 1, '90.00')}]}`);
  const settleInput = `{"data":{"psn_no":"${psnNo}","mdtrt_cert_type":"01","mdtrt_cert_no":"${ecToken}","med_type":"11","medfee_sumamt":110.00,"psn_setlway":"01","mdtrt_id":"${mdtrt}","chrg_bchno":"B1","insutype":"390","acct_used_flag":"1"}}`;
  await fsiCall('H11010500001', '2206', settleInput);
  const paid = await fsiCall('H11010500001', '2207', settleInput);
  const aid = Number(/"acct_mulaid_pay":(\d+\.\d\d)/.exec(paid.text)[1]);
  assert.ok(aid > 0, `mutual aid paid nothing: ${paid.text}`);

  // His 历年 went down by exactly what mutual aid paid.
  await page.goto(`${base}/#/account`);
  await page.reload();
  const after = await page.evaluate(async () => {
    const r = await fetch('/api/v1/me/account', { headers: { Authorization: `Bearer ${localStorage.getItem('yibao.citizen.token')}`, 'X-Channel': 'app' } });
    return (await r.json()).prior_fen;
  });
  assert.equal(before - after, Math.round(aid * 100));
  await page.locator('[data-testid=tile-account], .page').first().waitFor();
  await topShot(page, 'account-after-mutual-aid');

  await page.goto(`${base}/#/spending`);
  const chart = page.locator('[data-testid=spending-chart]');
  await chart.waitFor();
  assert.match(await chart.textContent(), /张\*雨/);
  const hers = page.locator('section.person').filter({ hasText: '张*雨' }).first();
  await hers.locator('.person-head').click();
  await hers.locator('[data-testid=settlement]').first().waitFor();
  assert.match(await hers.textContent(), /家庭共济/);
  assert.match(await hers.locator('[data-testid=settlement-visit]').first().textContent(), /门诊/);
  await shot(page, 'spending-chart');
  await page.context().close();
});

test('at the counter the Beijing agent reads 张晓雨\'s settlement and files 异地就医备案 for 张德福 — a bad destination is refused and kept', async () => {
  const { context, page } = await consoleLogin('bj_agent');
  const find = async (name) => {
    await page.locator('[data-testid=field-name]').click();
    await page.locator('[data-testid=search-text] input').fill(name);
    await page.locator('[data-testid=search]').click();
    const person = page.locator('[data-testid=person]').filter({ hasText: name }).first();
    await person.waitFor();
    return person;
  };

  // The settlement the hospital made from her code (the test above): who paid what, and the visit.
  const daughter = await find('张晓雨');
  await daughter.locator('[data-testid=btn-spending]').click();
  const row = daughter.locator('[data-testid=spending-row]').first();
  await row.waitFor();
  assert.match(await row.textContent(), /门诊/);
  assert.match(await daughter.locator('[data-testid=spending-totals]').textContent(), /家庭共济 (?!0\.00)\d+\.\d\d/);
  await shot(page, 'console-spending');

  // 张德福 is going to stay with relatives in 上海: the agent files it for him.
  const father = await find('张德福');
  await father.locator('[data-testid=btn-filings]').click();
  await father.locator('[data-testid=filing-add]').click();
  await father.locator('[data-testid=filing-dest] input').fill('31000');
  await father.locator('[data-testid=filing-to] input').fill('2099-05-31');
  await father.locator('[data-testid=filing-submit]').click();
  assert.match(await closeDialog(page), /6 位行政区划代码/);
  assert.equal(await father.locator('[data-testid=filing-dest] input').inputValue(), '31000');
  await father.locator('[data-testid=filing-dest] input').fill('310000');
  await father.locator('[data-testid=filing-submit]').click();
  const filing = father.locator('[data-testid=filing]').filter({ hasText: '上海市' }).first();
  await filing.waitFor();
  assert.match(await filing.textContent(), /临时外出就医/);
  assert.match(await filing.textContent(), /经办机构办理/);
  assert.match(await filing.textContent(), /有效/);
  await shot(page, 'console-remote-filing');

  // Filed in error: cancelled, and still listed as such.
  await filing.locator('[data-testid^=filing-cancel-]').click();
  await page.locator('.van-dialog').getByText('撤销', { exact: true }).click();
  await father.locator('[data-testid=filing]').filter({ hasText: '已撤销' }).first().waitFor();
  await context.close();
});

test('the Beijing agent force-unbinds 张小宇 with a note; 张建国 sees the reason and the note', async () => {
  const { context, page } = await consoleLogin('bj_agent');
  await page.locator('[data-testid=field-name]').click();
  await page.locator('[data-testid=search-text] input').fill('张建国');
  await page.locator('[data-testid=search]').click();
  const person = page.locator('[data-testid=person]').first();
  await person.locator('[data-testid=btn-family]').click();
  const binding = person.locator('[data-testid^=binding-]').filter({ hasText: '张*宇' }).filter({ hasText: '有效' }).first();
  await binding.locator('[data-testid^=force-]').click();
  await binding.locator('[data-testid=force-note] input').fill('户籍信息核查不一致，暂停代办（演示）');
  await binding.locator('[data-testid=force-confirm]').click();
  await person.locator('[data-testid^=binding-]').filter({ hasText: '户籍信息核查不一致' }).first().waitFor();
  await shot(page, 'console-force-unbind');
  await context.close();

  const phone = await phonePage();
  await citizenLogin(phone, '13800000001');
  await phone.waitForURL(/#\/$/);
  await openFamily(phone);
  const past = phone.locator('[data-testid=past-binding]').filter({ hasText: '户籍信息核查不一致' }).first();
  await past.waitFor();
  assert.match(await past.textContent(), /经办机构/);
  await shot(phone, 'family-force-unbound');
  await phone.context().close();
});

test('吴婷 binds her newborn by 出生医学证明: the certificate is shown, then her own face check', async () => {
  const mother = await agencyIdNumber('sz_agent', '吴婷');
  const page = await phonePage();
  await citizenLogin(page, '13800000006');
  await page.waitForURL(/#\/$/);
  await openFamily(page);
  await page.locator('[data-testid=family-add]').click();
  await page.locator('[data-testid=route]').getByRole('radio', { name: '新生儿（出生医学证明）' }).click();
  await page.locator('[data-testid=mother-name] input').fill('吴婷');
  await page.locator('[data-testid=mother-id] input').fill(mother);
  await page.locator('[data-testid=certificate-no] input').fill('Q440305001');
  await page.locator('[data-testid=binding-start]').click();
  const certificate = page.locator('[data-testid=certificate]');
  await certificate.waitFor();
  assert.match(await certificate.textContent(), /吴小满/);
  await shot(page, 'family-newborn-certificate');
  await page.locator('[data-testid=start-member-face]').click();
  await page.locator('[data-testid=face-pass]').click();
  await page.locator('[data-testid=bound]').waitFor();
  await page.context().close();
});

test('扫码查药: a box the hospital sold and took back, then sold again next door, is flagged as possible 回流药', async () => {
  const box = `8${String(Date.now()).padStart(19, '0')}`.slice(0, 20);
  const sale = `{"selinfo":{"med_list_codg":"XN02BEA013A001010100001","fixmedins_hilist_id":"P-1","fixmedins_hilist_name":"布洛芬缓释胶囊","fixmedins_bchno":"S1","rx_flag":"0","trdn_flag":"0","sel_retn_cnt":1,"sel_retn_time":"2026-11-23 13:00:00","sel_retn_opter_name":"张药师","mdtrt_setl_type":"2","drugtracinfo":[{"drug_trac_codg":"${box}"}]}}`;
  await fsiCall('H11010500001', '3505', sale);
  await fsiCall('H11010500001', '3506', sale);
  await fsiCall('P11010500003', '3505', sale);

  const page = await phonePage();
  await citizenLogin(page, '13800000002');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-drug-trace]').click();
  await page.locator('[data-testid=trace-code] input').fill('12345');
  await page.locator('[data-testid=trace-lookup]').click();
  assert.match(await page.locator('.page').textContent(), /20 位数字/);
  await page.locator('[data-testid=trace-code] input').fill(box);
  await page.locator('[data-testid=trace-lookup]').click();
  const verdict = page.locator('[data-testid=trace-verdict]');
  await verdict.waitFor();
  assert.match(await verdict.textContent(), /可能为回流药/);
  assert.match(await verdict.textContent(), /整盒销售 2 次/);
  assert.equal(await page.locator('[data-testid=trace-sale]').count(), 2);
  assert.match(await page.locator('[data-testid=trace-sale]').first().textContent(), /已退货/);
  await shot(page, 'drug-trace-flagged');
  await page.context().close();
});

test('目录维护: 上海 staff add a row of their own and a broken CSV is refused line by line', async () => {
  const { context, page } = await consoleLogin('sh_agent');
  await page.getByRole('tab', { name: '目录维护' }).click();
  await page.locator('[data-testid=cat-code] input').fill('XSH0000000000000000777');
  await page.locator('[data-testid=cat-name] input').fill('上海增补药品（演示）');
  await page.locator('[data-testid=cat-level] input').fill('02');
  await page.locator('[data-testid=cat-cap] input').fill('8.80');
  await page.locator('[data-testid=cat-begin] input').fill('2026-01-01');
  await page.locator('[data-testid=cat-save]').click();
  const row = page.locator('[data-testid=catalogue-row]').filter({ hasText: 'XSH0000000000000000777' });
  await row.waitFor();
  assert.match(await row.textContent(), /乙.*8\.80/);
  const header = 'med_list_codg,name,chrgitm_lv,med_chrgitm_type,price_cap,account_scope,begndate,enddate,vali_flag';
  await page.locator('[data-testid=cat-csv] textarea').fill(`${header}\nXSH1,好的一行,01,09,,1,2026-01-01,,1\nXSH2,坏等级,丁,09,,1,2026-01-01,,1\n`);
  await page.locator('[data-testid=cat-import]').click();
  const report = page.locator('[data-testid=cat-report]');
  await report.waitFor();
  assert.match(await report.textContent(), /第 3 行（chrgitm_lv）/);
  assert.equal(await page.locator('[data-testid=catalogue-row]').filter({ hasText: 'XSH1' }).count(), 0, 'nothing imported');
  await shot(page, 'console-catalogue');
  await context.close();
});

test('参保登记: 北京 staff register a schoolgirl and enrol her; a wrong check digit is named', async () => {
  const first17 = `11010520120315${String(Date.now() % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((t, d, i) => t + Number(d) * weights[i], 0);
  const id = first17 + '10X98765432'[sum % 11];
  const wrong = first17 + (id.endsWith('0') ? '1' : '0');
  const { context, page } = await consoleLogin('bj_agent');
  await page.getByRole('tab', { name: '参保登记' }).click();
  await page.locator('[data-testid=reg-name] input').fill('陈小雪');
  await page.locator('[data-testid=reg-id] input').fill(wrong);
  await page.locator('[data-testid=reg-submit]').click();
  assert.match(await closeDialog(page), /校验位/);
  await page.locator('[data-testid=reg-id] input').fill(id);
  await page.locator('[data-testid=reg-submit]').click();
  const done = page.locator('[data-testid=reg-done]');
  await done.waitFor();
  assert.match(await done.textContent(), /2012-03-15/);
  await page.locator('[data-testid=enr-psn-type] input').fill('1403');
  await page.locator('[data-testid=enr-admdvs] input').fill('110105');
  await page.locator('[data-testid=enr-start] input').fill('2026-01-01');
  await page.locator('[data-testid=enr-submit]').click();
  await page.locator('[data-testid=enr-done]').waitFor();
  assert.match(await page.locator('[data-testid=enr-done]').textContent(), /110105/);
  await shot(page, 'console-registration');
  await context.close();
});

// Last: it moves the platform's clock for good (this server runs with --demo-clock).
test('医保钱包: 张建国 in 北京 sees 500.00 held for his sister in 上海, is refused a quota above his 历年, raises it; she sees it', async () => {
  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-wallet]').click();
  await page.waitForURL(/#\/wallet/);
  const held = page.locator('[data-testid=wallet-held]');
  await held.waitFor();
  assert.equal((await held.textContent()).trim(), '500.00');
  const sister = page.locator('[data-testid^=wallet-relative-]').filter({ has: page.locator('[data-testid=wallet-quota-left]') });
  assert.equal((await sister.locator('[data-testid=wallet-quota-left]').textContent()).trim(), '500.00');
  await shot(page, 'citizen-wallet');

  // More than his 历年 holds: refused by its rule, and the dialog keeps what he typed.
  await sister.locator('[data-testid=wallet-set-quota]').click();
  const amount = page.locator('[data-testid=wallet-amount] input');
  await amount.fill('99999');
  await page.locator('[data-testid=wallet-confirm]').click();
  const refusal = page.locator('[data-testid=wallet-dialog] [data-testid=error]');
  await refusal.waitFor();
  assert.equal(await refusal.getAttribute('data-code'), 'QUOTA_EXCEEDS_BALANCE');
  assert.equal(await amount.inputValue(), '99999');
  await shot(page, 'citizen-wallet-quota-refused');
  await amount.fill('600');
  await page.locator('[data-testid=wallet-confirm]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=wallet-held]')?.textContent?.trim() === '600.00');
  await shot(page, 'citizen-wallet-quota-raised');
  await page.context().close();

  const hers = await phonePage();
  await citizenLogin(hers, '13800000007');
  await hers.waitForURL(/#\/$/);
  await hers.locator('[data-testid=tile-wallet]').click();
  const left = hers.locator('[data-testid=wallet-received-left]');
  await left.waitFor();
  assert.equal((await left.textContent()).trim(), '600.00');
  await shot(hers, 'citizen-wallet-received');
  await hers.context().close();
});

// Transfers stop 22:00–06:00 Beijing time, so this case first moves the demo clock (forward only)
// to 10:00 tomorrow, whenever CI runs it; the 演示时钟 case after it moves it further still.
test('医保钱包转账: 张建国 sends 100.00, his sister is told why it cannot pay yet and accepts it; the Beijing agent reverses it with a reason', async () => {
  const token = await agencyToken('bj_agent');
  const tomorrow = new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 10);
  const moved = await fetch(`${base}/api/agency/v1/demo/clock`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ set: `${tomorrow} 10:00:00` }),
  });
  assert.equal(moved.status, 200, await moved.text());

  const page = await phonePage();
  await citizenLogin(page, '13800000001');
  await page.waitForURL(/#\/$/);
  await page.locator('[data-testid=tile-wallet]').click();
  const sister = page.locator('[data-testid^=wallet-relative-]').filter({ has: page.locator('[data-testid=wallet-quota-left]') });
  await sister.waitFor();
  await sister.locator('[data-testid=wallet-send]').click();
  await page.locator('[data-testid=wallet-amount] input').fill('100');
  await page.locator('[data-testid=wallet-confirm]').click();
  const sent = page.locator('[data-testid^=wallet-transfer-]').filter({ hasText: '待接收' }).first();
  await sent.waitFor();
  assert.match(await sent.locator('[data-testid=wallet-tx-returns]').textContent(), /退回您的个人账户/);
  await shot(page, 'citizen-wallet-transfer-sent');
  await page.context().close();

  const hers = await phonePage();
  await citizenLogin(hers, '13800000007');
  await hers.waitForURL(/#\/$/);
  await hers.locator('[data-testid=tile-wallet]').click();
  // Why her brother's money cannot simply pay: the transfer waits, and when it goes back.
  const why = hers.locator('[data-testid=wallet-aid-blockers] li').first();
  await why.waitFor();
  assert.equal(await why.getAttribute('data-code'), 'WALLET_TRANSFER_UNACCEPTED');
  assert.match(await why.textContent(), /06:00 退回/);
  await shot(hers, 'citizen-wallet-why-not');
  await hers.locator('[data-testid=wallet-accept]').click();
  await hers.waitForFunction(() => document.querySelector('[data-testid=wallet-balance]')?.textContent?.trim() === '100.00');
  await hers.locator('[data-testid=wallet-aid-blockers]').waitFor({ state: 'detached' });
  await shot(hers, 'citizen-wallet-accepted');
  await hers.context().close();

  // The console: the wallet, the holds behind it, and the reversal with its reason.
  const { context, page: desk } = await consoleLogin('bj_agent');
  await desk.locator('[data-testid=field-name]').click();
  await desk.locator('[data-testid=search-text] input').fill('张建国');
  await desk.locator('[data-testid=search]').click();
  const person = desk.locator('[data-testid=person]').first();
  await person.locator('[data-testid=btn-wallet]').click();
  await person.locator('[data-testid=staff-wallet-holds]').waitFor();
  const transfer = person.locator('[data-testid^=staff-transfer-]').filter({ hasText: '已接收' }).first();
  await transfer.locator('[data-testid^=reverse-]').click();
  await transfer.locator('[data-testid=reverse-note] input').fill('转错亲属，本人到窗口申请撤销');
  await transfer.locator('[data-testid=reverse-confirm]').click();
  await person.locator('[data-testid^=staff-transfer-]').filter({ hasText: '转错亲属' }).first().waitFor();
  await desk.locator('.van-toast').waitFor({ state: 'hidden' });
  await shot(desk, 'console-wallet-reversed');
  await context.close();
});

test('演示时钟: staff move the demo clock a day ahead and the app says so on every page', async () => {
  const { context, page } = await consoleLogin('bj_agent');
  await page.getByRole('tab', { name: '演示时钟' }).click();
  const before = await page.locator('[data-testid=clock-now]').textContent();
  await page.locator('[data-testid=clock-days] input').fill('1');
  await page.locator('[data-testid=clock-advance]').click();
  await page.locator('[data-testid=demo-clock-banner]').waitFor();
  assert.notEqual(await page.locator('[data-testid=clock-now]').textContent(), before);
  await shot(page, 'console-demo-clock');
  await context.close();

  const phone = await phonePage();
  await citizenLogin(phone, '13800000002');
  await phone.waitForURL(/#\/$/);
  const banner = phone.locator('[data-testid=demo-clock-banner]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /演示时钟已调整/);
  await shot(phone, 'citizen-demo-clock-banner');
  await phone.context().close();
});
