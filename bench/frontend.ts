/**
 * Frontend benchmark of the model-deployments plugin (plugins/model-deployments), on a local cluster of its
 * own (scripts/bench.sh starts it):
 * 1. the production build of packages/app: each chunk made partly from the plugin's sources, its size raw
 *    and gzipped, and what else it holds (target: those chunks under 250 KB gzipped in all);
 * 2. that build served by the demo backend, with 200 running deployments of one model: the time until the
 *    model's Deployments tab shows its first page (50 rows) in Chromium, read from the page's
 *    performance.now(), five times as a full page load (the first with an empty cache) and five times as
 *    an in-app navigation from the model's overview (target: under one second).
 * Run it with `./scripts/bench.sh frontend`.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { waitForCatalog } from './backend.ts';
import { createMany, MODEL, median, startOnCluster } from './cluster.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const APP_DIST = path.join(REPO, 'packages/app/dist');
const OUR_SOURCES = /plugins\/model-deployments\/src\//;
const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAGE_ROWS = 50;
const TARGET_MS = 1000;
const TARGET_GZIP_KB = 250;
const ORIGIN = 'http://localhost:7017';
const MODEL_PATH = '/catalog/default/resource/bert-sentiment';
/** The links of the tab's table rows, one per deployment, to the deployment's page. */
const ROW_LINKS = 'table tbody tr a[href^="/model-deployments/"]';

/** `backstage-cli package build`: the app's production bundle, with a source map beside each chunk. */
function buildApp(): number {
  const started = Date.now();
  try {
    // Without --stats: the CLI writes its stats with bfj, which now and then stalls for good halfway.
    execFileSync('yarn', ['backstage-cli', 'package', 'build'], {
      cwd: path.join(REPO, 'packages/app'),
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' },
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error: any) {
    console.error(error.stdout, error.stderr);
    throw new Error('The app build failed');
  }
  return (Date.now() - started) / 1000;
}

/** The characters of a chunk's minified code by the source they were made from, read from its source map. */
function charsBySource(
  code: string,
  map: RawSourceMap,
): Record<string, number> {
  const lines = code.split('\n');
  const bySource: Record<string, number> = {};
  let mapped = 0;
  const add = (source: string, chars: number) => {
    bySource[source] = (bySource[source] ?? 0) + chars;
    mapped += chars;
  };
  // Each mapping covers the code from its column up to the next mapping's, or the end of its line.
  let open: { line: number; column: number; source: string } | undefined;
  const close = (line: number, column: number) => {
    if (open) {
      add(
        open.source,
        (open.line === line ? column : lines[open.line - 1].length) -
          open.column,
      );
    }
  };
  new SourceMapConsumer(map).eachMapping(
    mapping => {
      close(mapping.generatedLine, mapping.generatedColumn);
      open = {
        line: mapping.generatedLine,
        column: mapping.generatedColumn,
        source: mapping.source ?? 'unmapped',
      };
    },
    null,
    SourceMapConsumer.GENERATED_ORDER,
  );
  close(Number.POSITIVE_INFINITY, 0);
  const total = lines.reduce((sum, line) => sum + line.length, 0);
  bySource.unmapped = (bySource.unmapped ?? 0) + total - mapped;
  return bySource;
}

/** The package a source comes from: an npm package, one of the repository's workspaces, or the app. */
function packageOf(source: string): string {
  const npm = [...source.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop();
  if (npm) return npm[1];
  const workspace = /(?:plugins|packages)\/([^/]+)\//.exec(source);
  if (workspace) return workspace[1];
  // source-map-js normalizes webpack://app/./src/... to webpack://app/src/...
  if (/^webpack:\/\/app\/(\.\/)?src\//.test(source)) return 'app';
  return source.startsWith('webpack://') ? 'bundler runtime' : source;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Each chunk made partly from our sources: its file, raw and gzipped size, and its code's share by package. */
function ourChunks() {
  const staticDir = path.join(APP_DIST, 'static');
  const chunks = [];
  for (const file of readdirSync(staticDir).filter(f => f.endsWith('.js'))) {
    const code = readFileSync(path.join(staticDir, file));
    // Chunks of empty modules only (a few bytes) come without a map.
    if (!existsSync(path.join(staticDir, `${file}.map`))) continue;
    const map = JSON.parse(
      readFileSync(path.join(staticDir, `${file}.map`), 'utf8'),
    );
    if (!map.sources.some((source: string) => OUR_SOURCES.test(source))) {
      continue;
    }
    const byPackage: Record<string, number> = {};
    const bySource = charsBySource(code.toString('utf8'), map);
    for (const [source, chars] of Object.entries(bySource)) {
      const owner = packageOf(source);
      byPackage[owner] = (byPackage[owner] ?? 0) + chars;
    }
    const total = Object.values(byPackage).reduce((sum, n) => sum + n, 0);
    chunks.push({
      file: `static/${file}`,
      raw: code.length,
      gzip: gzipSync(code).length,
      sources: map.sources.length,
      bySource,
      shares: Object.entries(byPackage)
        .sort(([, a], [, b]) => b - a)
        .filter(([, chars]) => chars / total >= 0.01)
        .map(
          ([owner, chars]) => `${owner} ${Math.round((chars * 100) / total)} %`,
        ),
    });
  }
  return chunks.sort((a, b) => b.gzip - a.gzip);
}

function reportBundle() {
  const chunks = ourChunks();
  console.log(
    `  chunks made partly from plugins/model-deployments/src (their minified code by package, from the source maps):`,
  );
  for (const chunk of chunks) {
    console.log(
      `    ${chunk.file}: ${kb(chunk.raw)} raw, ${kb(chunk.gzip)} gzipped, ${
        chunk.sources
      } source files (${chunk.shares.join(', ')})`,
    );
  }
  const raw = chunks.reduce((sum, chunk) => sum + chunk.raw, 0);
  const gzip = chunks.reduce((sum, chunk) => sum + chunk.gzip, 0);
  console.log(
    `  total ${kb(raw)} raw, ${kb(gzip)} gzipped in ${
      chunks.length
    } chunks (target < ${TARGET_GZIP_KB} KB gzipped): ${
      gzip < TARGET_GZIP_KB * 1024 ? 'PASS' : 'MISS'
    }`,
  );
  // Code of one source in several of these chunks: each lazy chunk carries its own copy.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  let repeatedChars = 0;
  for (const chunk of chunks) {
    for (const [source, chars] of Object.entries(chunk.bySource)) {
      if (source === 'unmapped') continue;
      if (seen.has(source)) {
        repeated.add(source);
        repeatedChars += chars;
      }
      seen.add(source);
    }
  }
  console.log(
    `  ${repeated.size} source files are in more than one of these chunks: ${kb(
      repeatedChars,
    )} of minified code counted again`,
  );
}

/** The page's performance.now() at the first frame in which the tab's table shows a full first page. */
async function firstPageShown(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    ({ selector, rows }) =>
      document.querySelectorAll(selector).length >= rows && performance.now(),
    { selector: ROW_LINKS, rows: PAGE_ROWS },
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Where a request of the page starts and ends (ms since navigation start), by a part of its URL. */
const API_REQUESTS = {
  'demo sign-in': '/api/auth/demo/refresh',
  'model entity':
    '/api/catalog/entities/by-name/resource/default/bert-sentiment',
  'deployments page': '/api/model-deployments/deployments?',
};

/**
 * The navigation's responseEnd and DOMContentLoaded, the API requests on the way to the rows, and the
 * largest contentful paint so far (ms since navigation start).
 */
async function pageTimings(page: Page) {
  return page.evaluate(
    requests =>
      new Promise<{
        responseEnd: number;
        domContentLoaded: number;
        requests: Record<string, [number, number]>;
        lcp: number | null;
      }>(resolve => {
        const navigation = performance.getEntriesByType(
          'navigation',
        )[0] as PerformanceNavigationTiming;
        let lcp: number | null = null;
        new PerformanceObserver(list => {
          lcp = list.getEntries().pop()!.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        const resources = performance.getEntriesByType(
          'resource',
        ) as PerformanceResourceTiming[];
        const found: Record<string, [number, number]> = {};
        for (const [label, part] of Object.entries(requests)) {
          const entry = resources.find(r => r.name.includes(part));
          if (entry) found[label] = [entry.startTime, entry.responseEnd];
        }
        // Two frames, so that the frame with the rows has been painted and its LCP entry reported.
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            setTimeout(
              () =>
                resolve({
                  responseEnd: navigation.responseEnd,
                  domContentLoaded: navigation.domContentLoadedEventEnd,
                  requests: found,
                  lcp,
                }),
              50,
            ),
          ),
        );
      }),
    API_REQUESTS,
  );
}

async function fullLoad(page: Page) {
  await page.goto(`${ORIGIN}${MODEL_PATH}/deployments`, {
    waitUntil: 'commit',
  });
  const shown = await firstPageShown(page);
  return { shown, ...(await pageTimings(page)) };
}

/** From the model's overview, a click on its Deployments tab until the first page shows. */
async function inAppNavigation(page: Page): Promise<number> {
  await page.goto(`${ORIGIN}${MODEL_PATH}`);
  const tab = page.locator(`a[href$="${MODEL_PATH}/deployments"]`).first();
  await tab.waitFor();
  // The overview's own card has loaded its deployments; let its requests settle.
  await page.getByRole('link', { name: /all deployments/i }).waitFor();
  await page.waitForTimeout(1000);
  const clicked = await tab.evaluate(link => {
    const now = performance.now();
    (link as HTMLElement).click();
    return now;
  });
  return (await firstPageShown(page)) - clicked;
}

function summary(label: string, values: number[]) {
  const result = median(values);
  console.log(
    `  ${label}: median ${Math.round(result)} ms (${values
      .map(Math.round)
      .join(', ')}) (target < ${TARGET_MS} ms): ${
      result < TARGET_MS ? 'PASS' : 'MISS'
    }`,
  );
}

async function measureInChromium() {
  const browser = await chromium.launch({
    executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
    });
    // Room for every chunk and request of a cold load in the resource timings.
    await context.addInitScript(() =>
      performance.setResourceTimingBufferSize(2000),
    );
    const page = await context.newPage();
    await page.goto(ORIGIN);
    await page
      .getByRole('button', { name: 'Sign in as guest', exact: true })
      .click();
    await page.getByText('Catalog').first().waitFor();
    // Signed in; the first load then starts with nothing cached.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');

    console.log(
      `  full page load of ${MODEL_PATH}/deployments until ${PAGE_ROWS} rows show (ms since navigation start):`,
    );
    const loads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { shown, responseEnd, domContentLoaded, requests, lcp } =
        await fullLoad(page);
      loads.push(shown);
      const api = Object.entries(requests)
        .map(
          ([label, [start, end]]) =>
            `${label} ${Math.round(start)}–${Math.round(end)} ms`,
        )
        .join(', ');
      console.log(
        `    run ${run + 1} (${run === 0 ? 'cold' : 'warm'}): ${Math.round(
          shown,
        )} ms; document responseEnd ${Math.round(
          responseEnd,
        )} ms, DOMContentLoaded ${Math.round(
          domContentLoaded,
        )} ms, ${api}, LCP ${lcp === null ? 'n/a' : `${Math.round(lcp)} ms`}`,
      );
    }
    summary('full page load', loads);
    summary('full page load, warm runs only', loads.slice(1));

    console.log(
      `  in-app navigation: click on the Deployments tab of the model's overview until ${PAGE_ROWS} rows show:`,
    );
    const clicks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      clicks.push(await inAppNavigation(page));
      console.log(`    run ${run + 1}: ${Math.round(clicks[run])} ms`);
    }
    summary('in-app navigation', clicks);
  } finally {
    await browser.close();
  }
}

/** The build served by the demo backend on the cluster, with the model's deployments running. */
async function measureTab() {
  const sqliteDir = mkdtempSync(path.join(tmpdir(), 'bench-frontend-'));
  const backend = await startOnCluster({
    database: { sqliteDir },
    configFiles: ['bench/app-config.frontend.yaml'],
  });
  try {
    await waitForCatalog(backend, [MODEL.ref]);
    const creating = Date.now();
    await createMany(backend, 0, DEPLOYMENTS);
    console.log(
      `frontend benchmark: ${DEPLOYMENTS} deployments of ${
        MODEL.ref
      } running (created and rolled out in ${Math.round(
        (Date.now() - creating) / 1000,
      )} s); Chromium on ${ORIGIN}`,
    );
    await measureInChromium();
  } finally {
    await backend.stop();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  try {
    console.log('frontend benchmark: the production build of packages/app');
    console.log(`  built in ${Math.round(buildApp())} s`);
    reportBundle();
    await measureTab();
  } finally {
    // The demo backend would serve a packages/app/dist left behind; the benchmark builds it every time.
    rmSync(APP_DIST, { recursive: true, force: true });
  }
  console.log(
    `frontend benchmark took ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
