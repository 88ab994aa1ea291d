import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { targetPaths } from '@backstage/cli-common';
import request from 'supertest';
import { parse } from 'yaml';
import { demoSignInWhenConfigured } from './demoSignInWhenConfigured';

jest.setTimeout(60_000);

async function demoRefresh(providers: object) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      demoSignInWhenConfigured,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          auth: { providers },
        },
      }),
    ],
  });
  return request(server)
    .get('/api/auth/demo/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
}

describe('demoSignInWhenConfigured', () => {
  it('adds no demo sign-in where the configuration has none, whatever NODE_ENV says', async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      expect((await demoRefresh({})).status).toBe(404);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('adds it where auth.providers.demo is configured', async () => {
    const response = await demoRefresh({
      demo: { dangerouslyAllowOutsideDevelopment: true },
    });
    // Mounted: it answers, and asks who to sign in as.
    expect(response.status).toBe(401);
  });

  it("is configured in the demo's own file only, never in the base app-config.yaml", () => {
    const read = (file: string) =>
      parse(readFileSync(targetPaths.resolveRoot(file), 'utf8'));
    expect(read('app-config.yaml').auth?.providers?.demo).toBeUndefined();
    expect(read('app-config.demo.yaml').auth.providers.demo).toEqual({
      dangerouslyAllowOutsideDevelopment: false,
    });
  });
});
