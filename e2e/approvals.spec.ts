import {
  expect,
  test,
  type Browser,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { BACKEND, headersFor, signInAs } from './guest';

const API = `${BACKEND}/api/model-deployments`;

// Tall enough that the screenshots show whole pages: Backstage scrolls its content, not the page.
const VIEWPORT = { width: 1280, height: 1600 };
test.use({ viewport: VIEWPORT });

/** A browser of its own for each example user: each signs in on the demo's sign-in page. */
async function browserOf(
  browser: Browser,
  testInfo: TestInfo,
  user: string,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: VIEWPORT,
  });
  const page = await context.newPage();
  await signInAs(page, user);
  return page;
}

/** The production deployment the test asked for, so that a failed run does not leave it behind. */
let created: { id: string; name: string } | undefined;

test.afterEach(async ({ request }) => {
  if (!created) {
    return;
  }
  const { id, name } = created;
  created = undefined;
  const guest = await headersFor({ request } as Page, 'guest');
  const deleted = await request.delete(
    `${API}/deployments/${id}?confirm=${name}`,
    { headers: guest },
  );
  // A production deployment that runs waits for another owner to approve its deletion too.
  const { pendingApproval } = await deleted.json();
  if (pendingApproval) {
    await request.post(`${API}/approvals/${pendingApproval.id}/approve`, {
      headers: await headersFor({ request } as Page, 'bob'),
      data: {},
    });
  }
});

test('a production deployment waits until another owner approves it, and then appears in the catalog', async ({
  browser,
  request,
}, testInfo) => {
  const name = `e2e-prod-${Date.now().toString(36)}`;
  const guest = await headersFor({ request } as Page, 'guest');
  const response = await request.post(`${API}/deployments`, {
    headers: guest,
    data: {
      name,
      description: 'Asked for by the end-to-end test',
      modelRef: 'resource:default/bert-sentiment',
      modelVersion: 'v2.1.0',
      environment: 'production',
      strategy: 'rolling',
      resources: { cpuCores: 1, memoryGb: 2 },
      replicas: { min: 1, max: 3 },
      autoscaling: { enabled: false },
    },
  });
  expect(response.status()).toBe(201);
  const { id, status } = (await response.json()).deployment;
  created = { id, name };
  expect(status).toBe('pending-approval');

  // Carol (vision team) sees the request but may neither decide it nor change the deployment.
  const carol = await browserOf(browser, testInfo, 'carol');
  await carol.goto(`/model-deployments/${id}`);
  const card = carol.getByRole('region', {
    name: 'Change waiting for approval',
  });
  await expect(card).toBeVisible();
  await expect(card.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(
    carol
      .getByRole('toolbar', { name: 'Deployment actions' })
      .getByRole('button', { name: 'Delete', exact: true }),
  ).toBeDisabled();

  // The requester may withdraw it, not approve it.
  const guestPage = await browserOf(browser, testInfo, 'guest');
  await guestPage.goto(`/model-deployments/${id}`);
  const ownCard = guestPage.getByRole('region', {
    name: 'Change waiting for approval',
  });
  await expect(ownCard.getByRole('button', { name: 'Withdraw' })).toBeEnabled();
  await expect(ownCard.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // Bob, another member of the NLP team, approves it from the Approvals view.
  const bob = await browserOf(browser, testInfo, 'bob');
  await bob.goto('/model-deployments/approvals');
  const row = bob.getByRole('row').filter({ hasText: name });
  await expect(row).toBeVisible();
  const screenshotPath = testInfo.outputPath('approvals.png');
  await bob.screenshot({ path: screenshotPath, fullPage: true });
  await testInfo.attach('approvals', {
    path: screenshotPath,
    contentType: 'image/png',
  });
  await row.getByRole('button', { name: 'Approve' }).click();
  const dialog = bob.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);

  // It deploys now, and its history says who approved it.
  await bob.goto(`/model-deployments/${id}`);
  await expect(bob.getByText('running', { exact: true }).first()).toBeVisible({
    timeout: 60_000,
  });
  await bob.getByRole('tab', { name: 'History' }).click();
  await expect(
    bob.getByText('Approved create asked by user:default/guest'),
  ).toBeVisible();

  // The catalog has the deployment as a model-server Component beside its model.
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `${BACKEND}/api/catalog/entities/by-name/component/default/${name}`,
            { headers: guest },
          )
        ).status(),
      { timeout: 30_000 },
    )
    .toBe(200);
  await bob.goto(`/catalog/default/component/${name}`);
  await expect(bob.getByText('model-server').first()).toBeVisible();
});
