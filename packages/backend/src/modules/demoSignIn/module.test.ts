import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { authModuleDemoProvider } from './module';

jest.setTimeout(60_000);

const alice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'alice', namespace: 'default' },
  spec: {
    profile: { displayName: 'Alice Martin', email: 'alice@example.com' },
    memberOf: ['nlp-team', 'ml-release-board'],
  },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/nlp-team' },
    { type: 'memberOf', targetRef: 'group:default/ml-release-board' },
  ],
};

async function startAuthBackend(demo: object) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoProvider,
      catalogServiceMock.factory({ entities: [alice] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          auth: { providers: { demo } },
        },
      }),
    ],
  });
  return (userName?: string, host?: string, forwardedHost?: string) => {
    const refresh = request(server)
      .get('/api/auth/demo/refresh')
      .set('X-Requested-With', 'XMLHttpRequest');
    if (host) {
      refresh.set('Host', host);
    }
    if (forwardedHost) {
      refresh.set('X-Forwarded-Host', forwardedHost);
    }
    return userName ? refresh.set('x-demo-user', userName) : refresh;
  };
}

describe('authModuleDemoProvider', () => {
  it('signs in as the catalog user that the header names, with the groups the catalog gives them', async () => {
    const signInAs = await startAuthBackend({
      dangerouslyAllowOutsideDevelopment: true,
    });
    const response = await signInAs('alice');
    expect(response.status).toBe(200);
    expect(response.body.profile).toEqual({
      displayName: 'Alice Martin',
      email: 'alice@example.com',
    });
    expect(response.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: [
        'user:default/alice',
        'group:default/nlp-team',
        'group:default/ml-release-board',
      ],
    });
    expect(response.body.backstageIdentity.token).toEqual(expect.any(String));
  });

  it('refuses a user that the catalog does not have, and a request that names nobody', async () => {
    const signInAs = await startAuthBackend({
      dangerouslyAllowOutsideDevelopment: true,
    });
    const unknown = await signInAs('mallory');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "There is no user 'mallory' in the catalog",
    );
    expect((await signInAs()).status).toBe(401);
    expect((await signInAs('group:default/ml-platform')).status).toBe(400);
  });

  it('works in development without being allowed elsewhere', async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      const signInAs = await startAuthBackend({});
      expect((await signInAs('alice')).status).toBe(200);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('refuses to sign anyone in outside development unless allowed', async () => {
    const signInAs = await startAuthBackend({});
    const response = await signInAs('alice');
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'auth.providers.demo.dangerouslyAllowOutsideDevelopment',
    );
  });

  it('answers no request for another host, as a page that rebinds its name to this machine sends', async () => {
    const signInAs = await startAuthBackend({
      dangerouslyAllowOutsideDevelopment: true,
    });
    const rebound = await signInAs('alice', 'evil.example:7007');
    expect(rebound.status).toBe(403);
    expect(rebound.body.error.message).toBe(
      "The demo sign-in answers requests for localhost only, not for 'evil.example'",
    );
    expect(rebound.body.backstageIdentity).toBeUndefined();
    // A script may set X-Forwarded-Host; behind a trusting proxy Express would believe it.
    expect(
      (await signInAs('alice', 'evil.example:7007', 'localhost:7007')).status,
    ).toBe(403);
    expect(
      (await signInAs('alice', 'localhost:7007', 'evil.example')).status,
    ).toBe(403);
    for (const host of ['localhost:7007', '127.0.0.1:7007', '[::1]:7007']) {
      expect((await signInAs('alice', host)).status).toBe(200);
    }
  });
});
