import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** The demo app's backend, for API calls that set up or check what the browser does. */
export const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';

/**
 * Signs in on the demo's sign-in page as one of the example users of examples/org.yaml, e.g. `alice`,
 * as a visitor of the demo does.
 */
export async function signInAs(page: Page, user: string) {
  await page.goto('/');
  await page
    .getByRole('button', { name: `Sign in as ${user}`, exact: true })
    .click();
  await expect(page.getByRole('button', { name: /^Sign in as / })).toHaveCount(
    0,
  );
  await expect(page.getByText('Catalog').first()).toBeVisible();
  await expect(page.getByText(/Could not sign in/)).toHaveCount(0);
}

/** A token of an example user, from the backend's demo sign-in provider, for calling the API directly. */
export async function headersFor(
  request: APIRequestContext,
  user: string,
): Promise<Record<string, string>> {
  const response = await request.get(`${BACKEND}/api/auth/demo/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest', 'x-demo-user': user },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const token = (await response.json()).backstageIdentity.token;
  return { Authorization: `Bearer ${token}` };
}

/** Signs in as guest, a member of the NLP team, which owns BERT Sentiment. */
export const signInAsGuest = (page: Page) => signInAs(page, 'guest');
