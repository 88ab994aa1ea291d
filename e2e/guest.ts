import { expect, type Page } from '@playwright/test';

/** The demo app's backend, for API calls that set up or check what the browser does. */
export const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';

/** Signs in with the demo app's guest provider, as a visitor of the demo does. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /enter/i }).click();
  await expect(page.getByText('Catalog').first()).toBeVisible();
}

/** The guest's token, for calling the backend's API directly. */
export async function guestHeaders(
  page: Page,
): Promise<Record<string, string>> {
  const response = await page.request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await response.json()).backstageIdentity.token;
  return { Authorization: `Bearer ${token}` };
}
