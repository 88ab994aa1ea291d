import type { Locator, Page } from '@playwright/test';
import { API, expect, test } from './deployments';
import { signInAsGuest } from './guest';

// Tall enough that the screenshots show whole pages: Backstage scrolls its content, not the page.
test.use({ viewport: { width: 1280, height: 1600 } });

/** A chart, or a compact card's figure, by its title. */
const figure = (within: Page | Locator, title: string) =>
  within.getByRole('figure', { name: title, exact: true });

/**
 * Picks an option of a select (its button is named by its label, then its value), and waits until its
 * menu has closed: a click while it fades out lands on its backdrop.
 */
async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('button', { name: new RegExp(`^${label} `) }).click();
  await page.getByRole('option', { name: option }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

/** The points of a chart's first line (recharts draws it as `M x,y L x,y ...`). */
const pointsOf = (chart: Locator) =>
  chart
    .locator('path.recharts-line-curve')
    .first()
    .getAttribute('d', { timeout: 1_000 })
    .then(
      d => (d?.match(/[ML]/g) ?? []).length,
      () => 0,
    );

/** The innermost element that holds a card's title and all of `contents`: the card. */
const card = (page: Page, title: string, ...contents: Locator[]) =>
  contents
    .reduce(
      (found, content) => found.filter({ has: content }),
      page.locator('div').filter({ hasText: title }),
    )
    .last();

// The demo's metrics: CPU and memory are the kubelet resource metrics of the cluster's (kwok) nodes,
// the requests those of the traffic simulator (scripts/demo/traffic.ts), both through the demo's
// Prometheus, which ./scripts/start.sh starts beside the cluster.
test("a model owner watches a deployment's metrics and reads its instances' logs", async ({
  page,
  deployments,
}, testInfo) => {
  await signInAsGuest(page);
  const { id, name, headers } = await deployments.create('guest', {
    name: `e2e-mon-${Date.now().toString(36)}`,
    description: 'Created by the monitoring end-to-end test',
    replicas: { min: 2, max: 2 },
  });

  await expect
    .poll(
      async () =>
        (
          await (
            await page.request.get(`${API}/deployments/${id}`, { headers })
          ).json()
        ).status,
      { timeout: 60_000 },
    )
    .toBe('running');
  const instances: string[] = (
    await (
      await page.request.get(`${API}/deployments/${id}/instances`, {
        headers,
      })
    ).json()
  ).items.map((instance: { name: string }) => instance.name);
  expect(instances).toHaveLength(2);

  // The Monitoring tab, over the last 15 minutes and read again every 15 s, until each request chart
  // draws a line (a point every 15 s), not a lone point at its edge.
  await page.goto(`/model-deployments/${id}`);
  await page.getByRole('tab', { name: 'Monitoring' }).click();
  await choose(page, 'Time range', 'Last 15 minutes');
  await choose(page, 'Auto-refresh', 'Every 15 seconds');
  for (const title of ['Request rate', 'Latency', 'Error rate (5xx)']) {
    await expect
      .poll(() => pointsOf(figure(page, title)), { timeout: 75_000 })
      .toBeGreaterThanOrEqual(2);
  }
  await expect(figure(page, 'Latency')).toContainText('p99');
  // One line per instance, named in the legend.
  for (const title of ['CPU usage', 'Memory usage']) {
    for (const instance of instances) {
      await expect(figure(page, title)).toContainText(instance);
    }
  }
  const panel = card(page, 'Metrics', figure(page, 'Request rate'));
  await expect(panel).toContainText('Prometheus (Istio request metrics)');
  // The documentation's screenshots (docs/images) are copied from these; a test run leaves the tree as it is.
  await panel.screenshot({ path: testInfo.outputPath('monitoring.png') });

  // The model's Deployments tab: the compact card of this deployment.
  await page.goto('/catalog/default/resource/bert-sentiment');
  await page.getByRole('link', { name: /All deployments/ }).click();
  await choose(page, 'Deployment', new RegExp(`^${name} `));
  const compact = card(
    page,
    'Monitoring',
    page.getByRole('link', { name: `Monitoring of ${name}` }),
    figure(page, 'Request rate'),
  );
  // Each figure's latest value, in its unit, over its sparkline.
  for (const [title, value] of [
    ['Request rate', /\d req\/s/],
    ['p99 latency', /\d ms/],
    ['Error rate (5xx)', /\d %/],
  ] as const) {
    await expect(figure(compact, title)).toContainText(value);
    await expect(
      figure(compact, title).locator('.recharts-line'),
    ).toBeAttached();
  }
  await compact.screenshot({
    path: testInfo.outputPath('monitoring-compact.png'),
  });

  // The Logs tab: the second instance's log is kwok's simulated start-up.
  await page.goto(`/model-deployments/${id}`);
  await page.getByRole('tab', { name: 'Logs' }).click();
  await choose(page, 'Instance', new RegExp(`^${instances[1]}`));
  await expect(
    page.getByRole('log', { name: `Log of ${instances[1]}` }),
  ).toContainText('[kwok] model server listening (simulated)');
});
