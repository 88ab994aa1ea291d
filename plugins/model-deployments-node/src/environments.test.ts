import { ConfigReader } from '@backstage/config';
import { readDeploymentEnvironments } from './environments';

const read = (modelDeployments: object) =>
  readDeploymentEnvironments(new ConfigReader({ modelDeployments }));

describe('readDeploymentEnvironments', () => {
  it("reads each environment's cluster and namespace", () => {
    expect(
      read({
        environments: {
          development: { cluster: 'local', namespace: 'models-dev' },
          production: { cluster: 'prod-eu', namespace: 'models' },
        },
      }),
    ).toEqual({
      development: { cluster: 'local', namespace: 'models-dev' },
      production: { cluster: 'prod-eu', namespace: 'models' },
    });
  });

  it('has none when the section is absent', () => {
    expect(read({})).toEqual({});
    expect(readDeploymentEnvironments(new ConfigReader({}))).toEqual({});
  });

  it('refuses a key that is not an environment, naming the ones there are', () => {
    expect(() =>
      read({ environments: { qa: { cluster: 'local', namespace: 'qa' } } }),
    ).toThrow(
      'modelDeployments.environments.qa is not an environment; use one of development, staging, production',
    );
  });

  it('requires the cluster and the namespace', () => {
    expect(() =>
      read({ environments: { staging: { cluster: 'local' } } }),
    ).toThrow(/modelDeployments\.environments\.staging\.namespace/);
  });
});
