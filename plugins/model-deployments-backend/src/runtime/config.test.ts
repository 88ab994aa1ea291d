import { ConfigReader } from '@backstage/config';
import { TimedKubeConfig } from './clusterRequests';
import { readClusters } from './clusters';
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

  it('places instances without GPUs on the configured node pool, and refuses a toleration it cannot apply', () => {
    expect(read({})?.cpuNodes).toEqual({ nodeSelector: {}, tolerations: [] });
    expect(
      read({
        cpuNodes: {
          nodeSelector: { 'modelops.io/node': 'real' },
          tolerations: [
            {
              key: 'modelops.io/real-node',
              operator: 'Exists',
              effect: 'NoSchedule',
            },
          ],
        },
      })?.cpuNodes,
    ).toEqual({
      nodeSelector: { 'modelops.io/node': 'real' },
      tolerations: [
        {
          key: 'modelops.io/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
      ],
    });
    expect(() =>
      read({ cpuNodes: { tolerations: [{ key: 'k', effect: 'Sometimes' }] } }),
    ).toThrow(
      'modelDeployments.runtime.cpuNodes.tolerations[0].effect must be one of NoSchedule, PreferNoSchedule, NoExecute',
    );
  });

  it('gives up a request to an API server after 15 s, or half the lease when that is shorter', () => {
    expect(read({})?.clusterRequestTimeoutSeconds).toBe(15);
    expect(read({ leaseSeconds: 60 })?.clusterRequestTimeoutSeconds).toBe(15);
    expect(read({ leaseSeconds: 4 })?.clusterRequestTimeoutSeconds).toBe(2);
    expect(
      read({ clusterRequestTimeoutSeconds: 5 })?.clusterRequestTimeoutSeconds,
    ).toBe(5);
    expect(
      read({ leaseSeconds: 60, clusterRequestTimeoutSeconds: 30 })
        ?.clusterRequestTimeoutSeconds,
    ).toBe(30);
  });

  it('refuses a request timeout that does not fit in half the lease, naming both keys', () => {
    expect(() => read({ clusterRequestTimeoutSeconds: 20 })).toThrow(
      'modelDeployments.runtime.clusterRequestTimeoutSeconds (20) must be at most half of modelDeployments.runtime.leaseSeconds (30)',
    );
    expect(() =>
      read({ leaseSeconds: 10, clusterRequestTimeoutSeconds: 6 }),
    ).toThrow(
      'modelDeployments.runtime.clusterRequestTimeoutSeconds (6) must be at most half of modelDeployments.runtime.leaseSeconds (10)',
    );
    expect(() => read({ clusterRequestTimeoutSeconds: 0 })).toThrow(
      'modelDeployments.runtime.clusterRequestTimeoutSeconds must be more than 0, not 0',
    );
  });

  it('gives every cluster the request timeout', () => {
    const clusters = readClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'eu',
                  url: 'https://eu.example.com',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'token',
                },
              ],
            },
          ],
        },
        modelDeployments: { runtime: { clusterRequestTimeoutSeconds: 7 } },
      }),
    );
    expect(clusters.get('eu')).toBeInstanceOf(TimedKubeConfig);
    expect(clusters.get('eu')).toMatchObject({
      clusterName: 'eu',
      requestTimeoutSeconds: 7,
    });
  });

  it('reads nothing when no environment is configured', () => {
    expect(readRuntimeConfig(new ConfigReader({}))).toBeUndefined();
  });
});
