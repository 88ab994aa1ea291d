import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoSignInPage } from './DemoSignInPage';
import { DEMO_USERS } from './demoUsers';

jest.setTimeout(20_000);

const AUTH = 'http://localhost:7007/api/auth';

/** What the demo provider answers for `name`: a session as the backend issues it. */
function sessionOf(name: string) {
  return {
    profile: { displayName: name },
    backstageIdentity: {
      token: 'header.e30.signature',
      identity: {
        type: 'user',
        userEntityRef: `user:default/${name}`,
        ownershipEntityRefs: [`user:default/${name}`],
      },
    },
  };
}

function jsonResponse(status: number, body: object) {
  return {
    ok: status < 400,
    status,
    statusText: status < 400 ? 'OK' : 'Not Found',
    url: `${AUTH}/demo/refresh`,
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as Response;
}

describe('DemoSignInPage', () => {
  const originalFetch = global.fetch;
  const fetchMock = jest.fn();
  let onSignInSuccess: jest.Mock<void, [IdentityApi]>;

  beforeEach(() => {
    localStorage.clear();
    onSignInSuccess = jest.fn();
    fetchMock.mockReset();
    fetchMock.mockImplementation(async (_url, init: RequestInit) =>
      jsonResponse(
        200,
        sessionOf(new Headers(init.headers).get('x-demo-user')!),
      ),
    );
    global.fetch = fetchMock;
  });
  afterEach(() => {
    global.fetch = originalFetch;
  });

  const renderPage = () =>
    renderInTestApp(<DemoSignInPage onSignInSuccess={onSignInSuccess} />, {
      config: { app: { title: 'Model Deployments' } },
      apis: [mockApis.discovery({ baseUrl: 'http://localhost:7007' })],
    });

  /** The user whose header the last refresh request sent. */
  const lastUserAskedFor = () =>
    new Headers(fetchMock.mock.lastCall[1].headers).get('x-demo-user');

  it('lists every example user with its groups and what it may do', async () => {
    await renderPage();
    expect(
      await screen.findByRole('heading', { name: 'Model Deployments' }),
    ).toBeInTheDocument();
    for (const user of DEMO_USERS) {
      expect(screen.getByText(user.displayName)).toBeInTheDocument();
      expect(
        screen.getByText(`${user.name} · ${user.groups.join(', ')}`),
      ).toBeInTheDocument();
      expect(screen.getByText(user.mayDo)).toBeInTheDocument();
    }
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in as the chosen user through the demo provider, and again after a reload', async () => {
    const first = await renderPage();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as bob' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(fetchMock).toHaveBeenCalledWith(
      `${AUTH}/demo/refresh`,
      expect.anything(),
    );
    expect(lastUserAskedFor()).toBe('bob');
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/bob',
    });
    await expect(identity.getCredentials()).resolves.toEqual({
      token: 'header.e30.signature',
    });
    first.unmount();

    fetchMock.mockClear();
    await renderPage();
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(2));
    expect(lastUserAskedFor()).toBe('bob');
    expect(screen.queryByText('Sign in as bob')).not.toBeInTheDocument();
  });

  it('shows the list again after sign-out', async () => {
    const first = await renderPage();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as carol' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    await onSignInSuccess.mock.calls[0][0].signOut();
    first.unmount();

    fetchMock.mockClear();
    await renderPage();
    expect(
      await screen.findByRole('button', { name: 'Sign in as carol' }),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says why a sign-in failed and lets the user choose another', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(404, {
        error: {
          name: 'NotFoundError',
          message: "There is no user 'dave' in the catalog",
        },
        response: { statusCode: 404 },
      }),
    );
    await renderPage();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as dave' }),
    );

    expect(
      await screen.findByText(/Could not sign in as dave/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/There is no user 'dave' in the catalog/),
    ).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Choose another user' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as erin' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(lastUserAskedFor()).toBe('erin');
  });
});
