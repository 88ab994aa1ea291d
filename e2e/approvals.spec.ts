import type { Browser, Page, TestInfo } from '@playwright/test';
import { expect, test } from './deployments';
import { BACKEND, signInAs } from './guest';

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

test('a production deployment waits until another owner approves it, and then appears in the catalog', async ({
  browser,
  request,
  deployments,
}, testInfo) => {
  const {
    id,
    name,
    status,
    headers: guest,
  } = await deployments.create('guest', {
    name: `e2e-prod-${Date.now().toString(36)}`,
    description: 'Asked for by the end-to-end test',
    environment: 'production',
  });
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
