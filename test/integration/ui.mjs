// UI run as a person uses it: the packaged extension (.vsix) installed in a plain code-server (no
// smoke-test driver), Debian's Chromium clicking through the workbench with playwright-core.
// Checks print as PASS/FAIL lines, then "N passed, M failed". The screenshots go to
// out/test/integration/screenshots/; with CORROBORATE_UPDATE_SHOTS=1, and when every check passes, they
// replace the committed ones in media/screenshots/ (shown by the README; temp file + rename).
//
// run.mjs calls runUi(); `node test/integration/ui.mjs` runs it alone (after `node esbuild.mjs`).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM, CHROMIUM_ARGS, REPO, SEEDS, browserEnv, copySeeds, ensureTools, log, makeScratch, packageVsix, startCodeServer, withTimeout,
} from './codeServer.mjs';

export const SCREENSHOT = path.join(REPO, 'media', 'screenshots', 'articles-tree.png');
export const HOVER_SHOT = path.join(REPO, 'media', 'screenshots', 'quote-hover.png');
export const COMPARE_SHOT = path.join(REPO, 'media', 'screenshots', 'compare-sources.png');
const VIEWPORT = { width: 1400, height: 850 };
// Only for the look of the screenshot (throwaway profile): wrapped prose, no whitespace dots.
const LOOK = { 'editor.wordWrap': 'on', 'editor.renderWhitespace': 'none', 'editor.minimap.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': true };

/** First non-empty line of a seed file (its headline, by the extension's contract). */
function headlineOf(prefix) {
  const name = fs.readdirSync(SEEDS).filter(n => n.startsWith(prefix) && n.endsWith('.txt')).sort()[0];
  if (!name) return null;
  const line = fs.readFileSync(path.join(SEEDS, name), 'utf8').split(/\r?\n/).find(l => l.trim() !== '') ?? '';
  return line.replace(/\s+/g, ' ').trim();
}

function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

/**
 * Starts code-server with `vsix` installed on a copy of seeds/, runs the checks, stops everything.
 * Resolves { passed, failed, screenshot } (screenshot: the committed file if it was updated).
 */
export async function runUi({ tools, scratch, vsix, updateScreenshot = false }) {
  const ws = copySeeds(fs.mkdtempSync(path.join(scratch, 'ws-ui-')));
  // Two articles that share a quote full of markup: the Compare panel must show it as text.
  const HOSTILE = '"We will never accept <script>window.__pwned=1</script> or <img src=x onerror=window.__pwned=2> terms," said Jane Hostile, the mayor of Springfield, on Monday.';
  fs.writeFileSync(path.join(ws, 'zz_hostile_a.txt'), `Mayor rejects the offer\n\n${HOSTILE}\n\nThe council meets again next week to discuss the budget of the city.\n`);
  fs.writeFileSync(path.join(ws, 'zz_hostile_b.txt'), `Springfield talks stall\n\nTalks stalled on Monday. ${HOSTILE}\n\nOfficials said the city would publish its budget in the spring.\n`);
  const seedCount = fs.readdirSync(ws).filter(n => n.endsWith('.txt')).length;
  const headline004 = headlineOf('004_');
  const cs = await startCodeServer({ tools, scratch, folder: ws, vsix, settings: LOOK, name: 'cs-ui' });
  log(`code-server (packaged extension) on ${cs.authority}`);
  const udd = fs.mkdtempSync(path.join(scratch, 'chromium-'));
  const shotTmp = path.join(scratch, 'articles-tree.png');
  const hoverTmp = path.join(scratch, 'quote-hover.png');
  const compareTmp = path.join(scratch, 'compare-sources.png');
  let passed = 0, failed = 0, screenshot = null;
  const check = async (name, fn, timeoutMs = 60_000) => {
    try {
      await withTimeout(Promise.resolve().then(fn), timeoutMs, name);
      passed++; log(`PASS ${name}`);
      return true;
    } catch (e) {
      failed++; log(`FAIL ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
      return false;
    }
  };

  let browser;
  try {
    browser = await chromium.launchPersistentContext(udd, {
      executablePath: CHROMIUM, headless: true, viewport: VIEWPORT, colorScheme: 'dark', args: CHROMIUM_ARGS,
      env: browserEnv(scratch), timeout: 60_000,
    });
    const page = browser.pages()[0] ?? await browser.newPage();
    page.setDefaultTimeout(30_000);
    const sidebar = page.locator('.part.sidebar');
    // the Articles view's own rows (the Entities and Annotations views below have rows too)
    const articlesPane = sidebar.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Articles/ }) }).first();
    const topRows = articlesPane.locator('.monaco-list-row[aria-level="1"]');

    const loaded = await check('workbench loads on the seeds folder', async () => {
      await page.goto(cs.url, { timeout: 60_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
    }, 90_000);

    const icon = page.locator('.part.activitybar').locator('[aria-label^="Corroborate"]').first();
    const opened = loaded && await check('Corroborate icon in the activity bar opens its view', async () => {
      await icon.waitFor({ timeout: 30_000 });
      await icon.click();
      await sidebar.locator('.composite.title', { hasText: /corroborate/i }).first().waitFor({ timeout: 15_000 });
    });

    const listed = opened && await check(`Articles view lists the ${seedCount} seed articles`, async () => {
      await sidebar.locator('[aria-label*="Articles"], .pane-header, .title-label').filter({ hasText: /articles/i }).first()
        .waitFor({ timeout: 15_000 });
      await topRows.first().waitFor({ timeout: 30_000 });
      const deadline = Date.now() + 15_000;
      let n = await topRows.count();
      while (n !== seedCount && Date.now() < deadline) { await page.waitForTimeout(200); n = await topRows.count(); }
      if (n !== seedCount) throw new Error(`${n} top-level tree items`);
    });

    if (listed && headline004) {
      await check('the 004 article shows its headline in the tree', async () => {
        await topRows.filter({ hasText: headline004.slice(0, 40) }).first().waitFor({ timeout: 10_000 });
      });
    }

    const clicked = listed && await check('clicking the first article opens it with its range selected', async () => {
      const row = topRows.first();
      await row.click();
      const tab = page.locator('.part.editor .tab.active');
      await tab.waitFor({ timeout: 15_000 });
      const title = (await tab.getAttribute('aria-label')) ?? (await tab.textContent()) ?? '';
      if (!/\.txt\b/.test(title)) throw new Error(`active tab is "${title}"`);
      await page.locator('.part.editor .monaco-editor .view-line').first().waitFor({ timeout: 15_000 });
      await page.locator('.part.editor .monaco-editor .selected-text').first().waitFor({ timeout: 15_000 });
    });

    const parent = articlesPane.locator('.monaco-list-row[aria-level="1"][aria-expanded]').first();
    if (clicked) {
      await check('expanding an article shows its parts', async () => {
        await parent.waitFor({ timeout: 10_000 }); // 003 has parts, so at least one row is expandable
        const before = await articlesPane.locator('.monaco-list-row[aria-level="2"]').count();
        if ((await parent.getAttribute('aria-expanded')) === 'false') await parent.locator('.monaco-tl-twistie').click();
        const deadline = Date.now() + 10_000;
        while (await articlesPane.locator('.monaco-list-row[aria-level="2"]').count() <= before) {
          if (Date.now() > deadline) throw new Error('no child rows appeared');
          await page.waitForTimeout(150);
        }
      });
    }

    if (clicked) {
      // For the picture: a wider side bar (drag its sash like a person) and the 004 article opened.
      const sash = await page.locator('.monaco-sash.primary-sidebar-sash').first().boundingBox().catch(() => null);
      if (sash && sash.x < 480) {
        const x = sash.x + sash.width / 2, y = sash.y + sash.height / 2;
        await page.mouse.move(x, y);
        await page.mouse.down();
        await page.mouse.move(540, y, { steps: 10 });
        await page.mouse.up();
      }
      if (headline004) {
        await check('clicking the 004 article shows its headline selected in the editor', async () => {
          await topRows.filter({ hasText: headline004.slice(0, 40) }).first().click();
          await page.locator('.part.editor .tab.active', { hasText: '004_' }).waitFor({ timeout: 10_000 });
          const editor = page.locator('.part.editor .monaco-editor');
          await editor.locator('.view-line', { hasText: headline004.slice(0, 30) }).first().waitFor({ timeout: 10_000 });
          await editor.locator('.selected-text').first().waitFor({ timeout: 10_000 });
        });
      }
      await check(`screenshot ${VIEWPORT.width}x${VIEWPORT.height}`, async () => {
        // Park the mouse on the empty activity bar (no hovers), let tooltips and animations settle.
        await page.mouse.move(24, VIEWPORT.height - 120);
        await page.waitForTimeout(800);
        await page.screenshot({ path: shotTmp });
        const { width, height, bytes } = pngSize(shotTmp);
        if (width !== VIEWPORT.width || height !== VIEWPORT.height || bytes < 20_000) throw new Error(`${width}x${height}, ${bytes} bytes`);
      });
    }
    if (clicked && headline004) {
      await check('hovering a quote in an article shows its speaker', async () => {
        const editor = page.locator('.part.editor .monaco-editor');
        // the first line of the open article that holds an opening quote mark
        const line = editor.locator('.view-line', { hasText: '“' }).first();
        await line.waitFor({ timeout: 10_000 });
        const box = await line.boundingBox();
        const text = (await line.textContent()) ?? '';
        const at = text.indexOf('“');
        if (!box || at < 0) throw new Error('no quote mark on screen');
        // move along the line from just after the mark until the hover answers
        const charW = box.width / Math.max(1, text.length);
        const hover = page.locator('.monaco-hover', { hasText: 'Speaker:' });
        for (let k = 3; k < 40; k += 6) {
          const x = box.x + (at + k) * charW;
          await page.mouse.move(x - 2, box.y + box.height / 2);
          await page.mouse.move(x, box.y + box.height / 2);
          if (await hover.first().isVisible({ timeout: 1500 }).catch(() => false)) break;
        }
        await hover.first().waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
        await page.screenshot({ path: hoverTmp });
      });
    }
    if (clicked) {
      let frame = null;
      const compared = await check('Compare Sources opens the panel with groups', async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget .quick-input-box input').first();
        await input.waitFor({ timeout: 10_000 });
        await input.fill('>Corroborate: Compare Sources');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compare Sources' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab', { hasText: 'Compare Sources' }).waitFor({ timeout: 20_000 });
        const deadline = Date.now() + 60_000;
        while (!frame && Date.now() < deadline) {
          for (const f of page.frames()) {
            if (await f.locator('section.group').count().catch(() => 0)) { frame = f; break; }
          }
          if (!frame) await page.waitForTimeout(300);
        }
        if (!frame) throw new Error('no group rendered in the webview');
      }, 90_000);
      if (compared) {
        await check('hostile article text renders as text in the panel', async () => {
          const group = frame.locator('section.group', { hasText: '<script>' }).first();
          await group.waitFor({ timeout: 10_000 });
          const text = (await group.textContent()) ?? '';
          if (!text.includes('<img src=x onerror=')) throw new Error('the markup is not shown as text');
          if (await frame.locator('main img, main script').count()) throw new Error('article markup became elements');
          const pwned = await frame.evaluate(() => globalThis.__pwned ?? null);
          if (pwned !== null) throw new Error(`article script ran: ${pwned}`);
        });
        await page.waitForTimeout(300);
        await page.screenshot({ path: compareTmp });
        await check('clicking a rendering opens its file at that passage', async () => {
          const button = frame.locator('section.group button.member').first();
          const file = ((await button.getAttribute('title')) ?? '').replace(/^Open (.*) at this passage$/, '$1');
          await button.click();
          await page.locator('.part.editor .tab.active', { hasText: path.basename(file) }).waitFor({ timeout: 15_000 });
          await page.locator('.part.editor .monaco-editor .selected-text').first().waitFor({ timeout: 10_000 });
        });
      }
    }
    if (clicked && headline004) {
      await check('a note added through the command survives a reload, on the same words', async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget .quick-input-box input').first().fill('>View: Close All Editors');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await topRows.filter({ hasText: headline004.slice(0, 40) }).first().click();
        await page.locator('.part.editor .tab.active', { hasText: '004_' }).first().waitFor({ timeout: 10_000 });
        // select a word of the article like a person: double-click it
        const word = page.locator('.part.editor .monaco-editor .view-line span', { hasText: /mission/ }).first();
        await word.waitFor({ timeout: 10_000 });
        await word.dblclick();
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget .quick-input-box input').first();
        await input.waitFor({ timeout: 10_000 });
        await input.fill('>Corroborate: Add Note');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add Note' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget .quick-input-message, .quick-input-widget', { hasText: /note/i }).first().waitFor({ timeout: 10_000 });
        await input.fill('Checked in the UI run');
        await page.keyboard.press('Enter');
        const store = path.join(ws, '.corroborate', 'annotations', `${fs.readdirSync(ws).find(n => n.startsWith('004_'))}.jsonld`);
        const deadline = Date.now() + 15_000;
        while (!(fs.existsSync(store) && fs.readFileSync(store, 'utf8').includes('Checked in the UI run'))) {
          if (Date.now() > deadline) throw new Error(`no note in ${store}`);
          await page.waitForTimeout(200);
        }
        const exact = JSON.parse(fs.readFileSync(store, 'utf8')).first.items.find(x => JSON.stringify(x.body).includes('Checked in the UI run')).target.selector.find(x => x.type === 'TextQuoteSelector').exact;
        // reload the window, then find the note in the Annotations view and open it
        await page.reload();
        await page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
        const corroborate = page.locator('.part.activitybar').locator('[aria-label^="Corroborate"]').first();
        if (!(await sidebar.locator('.pane-header', { hasText: /annotations/i }).count())) await corroborate.click();
        const header = sidebar.locator('.pane-header', { hasText: /annotations/i }).first();
        await header.waitFor({ timeout: 20_000 });
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        const item = sidebar.locator('.monaco-list-row', { hasText: 'Checked in the UI run' }).first();
        await item.waitFor({ timeout: 20_000 });
        await item.click();
        await page.locator('.part.editor .tab.active', { hasText: '004_' }).first().waitFor({ timeout: 15_000 });
        const sel = page.locator('.part.editor .monaco-editor .selected-text').first();
        await sel.waitFor({ timeout: 10_000 });
        const status = (await page.locator('.statusbar').textContent()) ?? '';
        const m = /\((\d+) selected\)/.exec(status);
        if (!m || Number(m[1]) !== exact.length) throw new Error(`selection after reload: ${m?.[1]} characters, the note's words have ${exact.length}`);
      }, 120_000);
    }
    if (failed > 0) {
      // For debugging a failure: what the page looked like (out/ is git-ignored).
      const failShot = path.join(REPO, 'out', 'test', 'integration', 'ui-failure.png');
      fs.mkdirSync(path.dirname(failShot), { recursive: true });
      await page.screenshot({ path: failShot, timeout: 10_000 }).then(() => log(`failure screenshot: ${failShot}`)).catch(() => {});
    }
  } finally {
    if (browser) await withTimeout(browser.close(), 10_000, 'browser close').catch(() => {});
    await cs.stop();
  }

  if (failed === 0 && passed > 0 && fs.existsSync(shotTmp)) {
    if (updateScreenshot) {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      const tmp = `${SCREENSHOT}.${process.pid}.tmp`; // same folder, so the rename is atomic
      fs.copyFileSync(shotTmp, tmp);
      fs.renameSync(tmp, SCREENSHOT);
      screenshot = SCREENSHOT;
      for (const [tmpShot, shot] of [[hoverTmp, HOVER_SHOT], [compareTmp, COMPARE_SHOT]]) {
        if (!fs.existsSync(tmpShot)) continue;
        const t = `${shot}.${process.pid}.tmp`;
        fs.copyFileSync(tmpShot, t);
        fs.renameSync(t, shot);
        log(`updated ${path.relative(REPO, shot)}`);
      }
      log(`updated ${path.relative(REPO, SCREENSHOT)}`);
    } else {
      const dir = path.join(REPO, 'out', 'test', 'integration', 'screenshots'); // git-ignored
      fs.mkdirSync(dir, { recursive: true });
      for (const t of [shotTmp, hoverTmp, compareTmp]) if (fs.existsSync(t)) fs.copyFileSync(t, path.join(dir, path.basename(t)));
      log(`screenshots in ${path.relative(REPO, dir)}; media/screenshots/ left unchanged (CORROBORATE_UPDATE_SHOTS=1 replaces them)`);
    }
  } else {
    log(`${path.relative(REPO, SCREENSHOT)} left unchanged`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return { passed, failed, screenshot };
}

// Standalone: node test/integration/ui.mjs
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const main = async () => {
    const tools = await ensureTools();
    const scratch = makeScratch();
    process.env.TMPDIR = scratch;
    const { vsix } = await packageVsix(scratch);
    const r = await runUi({ tools, scratch, vsix, updateScreenshot: process.env.CORROBORATE_UPDATE_SHOTS === '1' });
    return r.failed === 0 && r.passed > 0 ? 0 : 1;
  };
  const watchdog = setTimeout(() => { console.log('ui: watchdog fired; 0 passed, 1 failed'); process.exit(1); }, 9 * 60_000);
  watchdog.unref();
  main().then(code => process.exit(code), e => { console.log(`ui: ${e?.stack ?? e}`); console.log('0 passed, 1 failed'); process.exit(1); });
}
