// End-to-end test of vigil's web UI in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser is downloaded).
//
// It fills a store with the real `vigil` binary from tests/fixtures (two
// versions of a list, AIS positions with an encounter of a listed vessel,
// detector events, a scanned document, screening results), starts
// `vigil serve` on a free loopback port with a token, then: triages two
// alerts with the keyboard and checks the API saw each change once; opens a
// vessel and checks the map draws its track, the other vessel's track, the
// events and (when world-atlas was installed at build time) the coastline;
// opens a document and an entity and checks the highlights, claims and
// version history. Screenshots go to target/ui-artifacts/.
//
// Run: npm ci --prefix tools/ui-test && cargo build --bin vigil &&
//      node tools/ui-test/ui.test.mjs
// Env: VIGIL_BIN (default $CARGO_TARGET_DIR/debug/vigil or target/debug/vigil),
//      CHROMIUM (default /usr/bin/chromium), UI_ARTIFACTS (screenshot dir).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');
const vigilBin = process.env.VIGIL_BIN || join(targetDir, 'debug', 'vigil');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts = process.env.UI_ARTIFACTS || join(root, 'target', 'ui-artifacts');
const landInstalled = existsSync(join(root, 'tools/geo/node_modules/world-atlas/land-50m.json'));
const TOKEN = 'ui-test-token-0123456789abcdef';
const fixture = rel => join(root, 'tests/fixtures', rel);

function vigil(args) {
  const run = spawnSync(vigilBin, args, { encoding: 'utf8', env: { ...process.env, VIGIL_DB: '' } });
  // The AIS and events fixtures hold one malformed line each (exit 2).
  assert.ok([0, 2].includes(run.status), `vigil ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
}

/** Starts `vigil serve` and resolves with its base URL once it listens. */
function serve(db, config) {
  const child = spawn(vigilBin, ['serve', '--db', db, '--addr', '127.0.0.1:0', '--config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr });
  const base = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('vigil serve did not start in 60 s')), 60_000);
    lines.on('line', line => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', code => fail(new Error(`vigil serve exited with ${code}`)));
  });
  return { child, base };
}

async function getJson(base, path) {
  const response = await fetch(base + path);
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}

async function main() {
  assert.ok(existsSync(vigilBin), `no vigil binary at ${vigilBin} (cargo build --bin vigil, or set VIGIL_BIN)`);
  assert.ok(existsSync(chromiumPath), `no Chromium at ${chromiumPath} (apt-get install chromium)`);
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'vigil-ui-'));
  const db = join(work, 'v.db');
  vigil(['ingest', 'ais', '--db', db, fixture('monitor/ais.jsonl')]);
  vigil(['ingest', 'lists', '--db', db, fixture('lists/sdn_2030-01-01.csv')]);
  vigil(['ingest', 'events', '--db', db, fixture('monitor/events.jsonl')]);
  vigil(['ingest', 'docs', '--db', db, fixture('monitor/scan.jsonl')]);
  vigil(['ingest', 'screening', '--db', db, fixture('monitor/screen.jsonl')]);
  vigil(['ingest', 'lists', '--db', db, fixture('lists/sdn_2030-02-01.csv')]);
  const config = join(work, 'vigil.toml');
  writeFileSync(config, `[server]\n[server.tokens]\nanalyst = "${TOKEN}"\n`);

  const server = serve(db, config);
  let browser;
  try {
    const base = await server.base;
    browser = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
    });
    // Anything but this server is refused and remembered: the UI must work
    // with no network.
    const external = [];
    await browser.route('**/*', route => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    const page = browser.pages()[0] || await browser.newPage();
    const problems = [];
    page.on('pageerror', error => problems.push('page error: ' + error.message));
    page.on('console', message => {
      // 404s the pages expect (none here) would show as console errors too.
      if (message.type() === 'error') problems.push('console: ' + message.text());
    });

    await triageWithKeyboard(page, base);
    await vesselMap(page, base);
    await documentHighlights(page, base);
    await entityHistory(page, base);

    assert.deepEqual(external, [], 'the UI asked for nothing outside the server');
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
    console.log(`ui test: ok (screenshots in ${artifacts}; coastline ${landInstalled ? 'checked' : 'not installed, note checked'})`);
  } finally {
    if (browser) await browser.close();
    server.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

async function triageWithKeyboard(page, base) {
  await page.goto(base + '/#/alerts?status=new');
  await page.waitForSelector('#queue tbody tr.selected');
  const rows = await page.locator('#queue tbody tr').count();
  assert.ok(rows >= 3, `the queue lists the new alerts (${rows})`);

  await page.fill('#token', TOKEN);
  await page.click('#token-save');
  await page.waitForSelector('#token-state:text("token set")');
  await page.locator('#main').focus();

  const first = await page.getAttribute('#queue tbody tr.selected', 'data-id');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const third = await page.getAttribute('#queue tbody tr.selected', 'data-id');
  assert.notEqual(third, first, 'j moves down');
  await page.keyboard.press('k');
  const second = await page.getAttribute('#queue tbody tr.selected', 'data-id');
  assert.ok(![first, third].includes(second), 'k moves up');
  await page.waitForSelector(`#alert-detail h2:has-text("Alert ${second}")`);
  await page.screenshot({ path: join(artifacts, 'alerts-queue.png'), fullPage: true });

  // d: dismiss, with a note typed into the dialog and saved with the button.
  await page.keyboard.press('d');
  await page.waitForSelector('#note-dialog[open]');
  await page.screenshot({ path: join(artifacts, 'alerts-note.png') });
  await page.fill('#note-text', 'known charter, same owner');
  await page.click('#note-ok');
  await page.waitForSelector(`#queue tr[data-id="${second}"] [data-status="dismissed"]`);
  const dismissed = await getJson(base, `/alerts/${second}`);
  assert.equal(dismissed.status, 'dismissed');
  assert.equal(dismissed.note, 'known charter, same owner');
  const triages = dismissed.audit.filter(entry => entry.action === 'triage');
  assert.equal(triages.length, 1, 'one triage recorded, not duplicated');
  assert.equal(triages[0].actor, 'analyst');

  // The selection moved on; c confirms it, the note saved with Ctrl+Enter.
  const next = await page.getAttribute('#queue tbody tr.selected', 'data-id');
  assert.notEqual(next, second, 'the selection moves on after a triage');
  await page.keyboard.press('c');
  await page.waitForSelector('#note-dialog[open]');
  await page.keyboard.type('sanctioned vessel, confirmed on imagery');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector(`#queue tr[data-id="${next}"] [data-status="confirmed"]`);
  const confirmed = await getJson(base, `/alerts/${next}`);
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.audit.at(-1).actor, 'analyst');

  // Escape cancels: nothing is written.
  const before = await getJson(base, `/alerts/${first}`);
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  assert.equal(await page.getAttribute('#queue tbody tr.selected', 'data-id'), first);
  await page.keyboard.press('d');
  await page.waitForSelector('#note-dialog[open]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#note-dialog', { state: 'hidden' });
  const after = await getJson(base, `/alerts/${first}`);
  assert.equal(after.revision, before.revision, 'a cancelled triage writes nothing');
  await page.screenshot({ path: join(artifacts, 'alerts-triaged.png'), fullPage: true });

  // Filters: severity and status from the form, reflected in the URL.
  await page.selectOption('#filter-status', 'dismissed');
  await page.waitForFunction(() => location.hash.includes('status=dismissed'));
  await page.waitForSelector(`#queue tr[data-id="${second}"]`);
  assert.equal(await page.locator('#queue tbody tr').count(), 1);
  await page.goto(base + '/#/alerts?severity=critical&stream=maritime');
  await page.waitForSelector('#queue-count');
  const severities = await page.locator('#queue tbody .sev').allTextContents();
  assert.ok(severities.length > 0 && severities.every(s => s === 'critical'), `critical only: ${severities}`);
}

async function vesselMap(page, base) {
  await page.goto(base + '/#/vessels/445000001');
  await page.waitForSelector('#track-map path.track.own');
  const d = await page.getAttribute('#track-map path.track.own', 'd');
  assert.ok((d.match(/[ML]/g) || []).length >= 3, `the track has its points: ${d}`);
  assert.ok(await page.locator('#track-map path.track.other[data-mmsi="412000002"]').count() >= 1,
    'an encounter shows the other vessel\'s track');
  assert.ok(await page.locator('#track-map circle.event.encounter').count() >= 1, 'encounters are marked');
  if (landInstalled) {
    const land = await page.locator('#track-map path.land').count();
    assert.ok(land > 0, 'the coastline is drawn (world-atlas installed)');
  } else {
    await page.waitForSelector('#land-note:has-text("No coastline")');
  }
  assert.equal(await page.locator('#identities tbody tr').count(), 1);
  await page.waitForSelector('#listed a:has-text("SEAFARER GLORY")');
  assert.ok(await page.locator('#timeline tbody tr').count() >= 3, 'the timeline lists the events');
  await page.screenshot({ path: join(artifacts, 'vessel.png'), fullPage: true });

  await page.goto(base + '/#/vessels/412000002');
  await page.waitForSelector('#identities tbody tr');
  assert.equal(await page.locator('#identities tbody tr').count(), 2, 'a renamed vessel shows both identities');
}

async function documentHighlights(page, base) {
  const media = await getJson(base, '/alerts?stream=media');
  const alert = await getJson(base, `/alerts/${media.results[0].id}`);
  const documentId = alert.evidence.find(e => e.document_id).document_id;
  const doc = await getJson(base, `/documents/${documentId}`);
  await page.goto(base + '/#/alerts/' + alert.id);
  await page.click(`#alert-detail a[href="#/documents/${documentId}"]`);
  await page.waitForSelector('#doc-text');
  if (doc.text) {
    assert.equal(await page.textContent('#doc-text mark.mention'), 'EXAMPLE TRADING LLC');
    assert.equal(await page.textContent('#doc-text mark.indicator'), 'ship-to-ship transfer');
    await page.click('#doc-text mark.indicator');
    await page.waitForSelector('#claims li.claim-indicator.active');
  }
  const claims = await page.textContent('#claims');
  assert.match(claims, /asserted/);
  assert.match(claims, /the article itself|by /);
  await page.waitForSelector('#claims a[href="#/entities/us_ofac_sdn-90003"]');
  await page.screenshot({ path: join(artifacts, 'document.png'), fullPage: true });
}

async function entityHistory(page, base) {
  await page.goto(base + '/#/entities/us_ofac_sdn-90002');
  await page.waitForSelector('#history tbody tr');
  assert.equal(await page.locator('#history tbody tr').count(), 2, 'both versions of the list');
  assert.match(await page.textContent('#history tbody tr:nth-child(2)'), /delisted/);
  await page.goto(base + '/#/entities/us_ofac_sdn-90001');
  // A hash change keeps the previous entity's page until the new one is
  // drawn, so wait for the new entity's heading (it names the ID).
  await page.waitForSelector('h1:has-text("us_ofac_sdn-90001")', { timeout: 15000 });
  assert.match(await page.textContent('#history'), /in force/);
  assert.ok(await page.locator('#entity-alerts tr').count() >= 1, 'the alerts touching the entity');
  assert.match(await page.textContent('main'), /us_ofac_sdn/);
  await page.screenshot({ path: join(artifacts, 'entity.png'), fullPage: true });
}

main().catch(error => {
  console.error('ui test: FAILED:', error && error.stack ? error.stack : error);
  process.exit(1);
});
