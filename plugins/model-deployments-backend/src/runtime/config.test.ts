import { ConfigReader } from '@backstage/config';
import { readRuntimeConfig } from './config';

const read = (runtime: object) =>
  readRuntimeConfig(
    new ConfigReader({
      modelDeployments: {
        environments: {
          development: { cluster: 'local', namespace: 'models' },
        },
        runtime: {
          servingImage: 'registry.example.com/{{ modelId }}',
          ...runtime,
        },
      },
    }),
  );

describe('readRuntimeConfig', () => {
  it('runs pods at the restricted Pod Security standard unless told baseline', () => {
    expect(read({})?.podSecurity).toBe('restricted');
    expect(read({ podSecurity: 'baseline' })?.podSecurity).toBe('baseline');
    expect(() => read({ podSecurity: 'privileged' })).toThrow(
      'modelDeployments.runtime.podSecurity must be one of restricted, baseline',
    );
  });

  it('reads nothing when no environment is configured', () => {
    expect(readRuntimeConfig(new ConfigReader({}))).toBeUndefined();
  });
});
