import { API, expect, test } from './deployments';
import { headersFor, signInAsGuest } from './guest';

test('a developer deploys a model with the Create Deployment form', async ({
  page,
  deployments,
}) => {
  const name = `e2e-${Date.now().toString(36)}`;
  await signInAsGuest(page);
  await page.goto('/create/templates/default/model-deployment');

  // Basic Information: the model from the catalog, its version from the model's versions.
  await page.getByLabel(/Deployment Name/).fill(name);
  await page
    .getByLabel(/^Model/)
    .first()
    .click();
  await page.getByRole('option', { name: 'BERT Sentiment' }).click();
  await page.getByRole('button', { name: /Model Version/ }).click();
  const versions = page.getByRole('option');
  await expect(versions).toHaveText(['v2.1.0', 'v2.0.0', 'v1.0.0']);
  await page.getByRole('option', { name: 'v2.0.0' }).click();
  await page.getByRole('button', { name: /^Next/ }).click();

  // Resource Configuration: the GPU type appears only with GPUs.
  await expect(page.getByText('GPU Type')).toHaveCount(0);
  await page.getByLabel(/GPU Count/).fill('1');
  await page.getByRole('button', { name: /GPU Type/ }).click();
  await page.getByRole('option', { name: 'NVIDIA T4' }).click();
  await page.getByLabel(/CPU Cores/).fill('1');
  await page.getByLabel(/Memory \(GB\)/).fill('2');
  await page.getByLabel(/Min Replicas/).fill('1');
  await page.getByLabel(/Max Replicas/).fill('2');
  await page.getByRole('button', { name: /^Next/ }).click();

  // Scaling: targets only while auto-scaling is on.
  await expect(page.getByLabel(/Target CPU Utilization/)).toBeVisible();
  await page.getByLabel(/Enable Auto-Scaling/).uncheck();
  await expect(page.getByLabel(/Target CPU Utilization/)).toHaveCount(0);
  await page.getByRole('button', { name: /^Next/ }).click();

  await expect(page.getByLabel(/Health Check URL/)).toHaveValue('/health');
  await page.getByRole('button', { name: /^Next/ }).click();

  // Monitoring: the thresholds of alerts and canary analysis.
  await expect(page.getByLabel(/Max Error Rate/)).toHaveValue('5');
  await page.getByLabel(/Max p99 Latency/).fill('400');
  await page.getByRole('button', { name: /^Review/ }).click();
  await page.getByRole('button', { name: /^Create/ }).click();

  // The task page: the deployment's id and links.
  await expect(
    page.getByRole('link', { name: /Open the deployment/i }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /The model's deployments/i }),
  ).toBeVisible();
  const summary = page.getByText(new RegExp(`${name} was created \\(id`));
  await expect(summary).toBeVisible();
  const id = /id ([0-9a-f-]{36})/.exec((await summary.textContent()) ?? '')![1];
  deployments.deleteAfterTest('guest', { id, name });

  // The model's Deployments tab, at the task's link (which opens in a new tab), lists it.
  const tab = page.getByRole('link', { name: /The model's deployments/i });
  await page.goto((await tab.getAttribute('href'))!);
  await expect(page.getByText('Deployments of BERT Sentiment')).toBeVisible();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();

  // The deployment is there, through the API, as the form described it.
  const found = await page.request.get(`${API}/deployments/${id}`, {
    headers: await headersFor(page.request, 'guest'),
  });
  expect(found.status()).toBe(200);
  expect(await found.json()).toMatchObject({
    name,
    spec: {
      modelRef: 'resource:default/bert-sentiment',
      modelVersion: 'v2.0.0',
      resources: { cpuCores: 1, memoryGb: 2, gpuCount: 1, gpuType: 'T4' },
      replicas: { min: 1, max: 2 },
      autoscaling: { enabled: false },
      monitoring: {
        maxErrorRatePercent: 5,
        maxP99LatencyMs: 400,
        alertOnNoReadyInstances: true,
      },
    },
  });
});
