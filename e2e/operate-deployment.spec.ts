import type { Locator, Page } from '@playwright/test';
import { expect, test } from './deployments';
import { signInAsGuest } from './guest';

/** The value beside a label in one of the details page's tables. */
function field(page: Page, label: string): Locator {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');
}

/** Opens an action's dialog from the toolbar and presses the dialog's own button. */
async function act(page: Page, action: string, submit = action) {
  await page
    .getByRole('toolbar', { name: 'Deployment actions' })
    .getByRole('button', { name: action, exact: true })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return {
    dialog,
    submit: async () => {
      await dialog.getByRole('button', { name: submit, exact: true }).click();
      await expect(dialog).toBeHidden();
    },
  };
}

// Tall enough that the screenshots show whole pages: Backstage scrolls its content, not the page.
test.use({ viewport: { width: 1280, height: 1600 } });

test("a model owner runs a deployment from the model's page", async ({
  page,
  deployments,
}, testInfo) => {
  // Kept as the test's artifacts in .data/e2e-results/, whether it passes or not.
  const screenshot = async (name: string) => {
    const path = testInfo.outputPath(`${name}.png`);
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  };
  await signInAsGuest(page);
  const { id, name } = await deployments.create('guest', {
    name: `e2e-run-${Date.now().toString(36)}`,
    description: 'Created by the end-to-end test',
  });

  // The model's page: the overview card, then the Deployments tab, then the deployment's own page.
  await page.goto('/catalog/default/resource/bert-sentiment');
  await page.getByRole('link', { name: /All deployments/ }).click();
  await expect(page.getByText('Deployments of BERT Sentiment')).toBeVisible();
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  await screenshot('model-deployments-tab');
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/model-deployments/${id}$`));
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Observed, not assumed: running once the instance is ready.
  await expect(field(page, 'Status')).toHaveText('running', {
    timeout: 60_000,
  });
  await expect(field(page, 'Instances')).toHaveText('1 ready, 1 / 1');
  await expect(field(page, 'Model ID')).toHaveText('model-001');
  await screenshot('deployment-details');

  // Scale to 2 instances.
  const scale = await act(page, 'Scale', 'Apply');
  await scale.dialog.getByLabel('Instances').fill('2');
  await scale.submit();
  await expect(field(page, 'Instances')).toHaveText('2 ready, 2 / 2', {
    timeout: 60_000,
  });

  // Stop: every instance goes, the endpoint with them.
  const stop = await act(page, 'Stop');
  await expect(stop.dialog).toContainText('unavailable');
  await stop.submit();
  await expect(field(page, 'Status')).toHaveText('stopped', {
    timeout: 60_000,
  });
  await expect(field(page, 'Instances')).toHaveText('0 ready, 0 / 0');

  // Start again with the same configuration.
  await (await act(page, 'Start')).submit();
  await expect(field(page, 'Status')).toHaveText('running', {
    timeout: 60_000,
  });
  await expect(field(page, 'Instances')).toHaveText('2 ready, 2 / 2');

  // Edit: CPU needs a restart, which the preview says before anything changes.
  const edit = await act(page, 'Edit', 'Update Deployment');
  await edit.dialog.getByLabel(/^CPU Cores/).fill('2');
  await edit.dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(edit.dialog).toContainText('CPU Cores');
  await expect(edit.dialog).toContainText(/restart/i);
  await screenshot('edit-preview');
  await edit.submit();
  await expect(field(page, 'CPU Cores')).toHaveText('2');
  await expect(field(page, 'Status')).toHaveText('running', {
    timeout: 60_000,
  });
  await expect(field(page, 'Revision')).toHaveText('2 (serving)');

  // The Deployments page finds it by name.
  await page.goto(`/model-deployments?q=${name}`);
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  await page.getByRole('link', { name, exact: true }).click();

  // Delete: the name typed again, then everything goes.
  const remove = await act(page, 'Delete');
  await expect(
    remove.dialog.getByRole('button', { name: 'Delete' }),
  ).toBeDisabled();
  await remove.dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await remove.submit();
  await expect(page.getByText('This deployment was deleted.')).toBeVisible({
    timeout: 60_000,
  });
  await screenshot('deleted');
});
