import type { KubernetesObject } from '@kubernetes/client-node';
import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from '../config';
import { objectLabels, TRACK_LABEL, workloadName, type Track } from './labels';
import { SERVICE_PORT } from './service';

/** The share of requests each track receives, in percent; the shares add up to 100. */
export type TrafficWeights = Partial<Record<Track, number>>;

export type TrafficObjects = {
  objects: KubernetesObject[];
  /** Services per track, which Gateway API routes need to split traffic between tracks. */
  trackServices: Track[];
  /** Whether the Service itself should pin clients by IP (no traffic manager, IP hash or stickiness). */
  clientIpAffinity: boolean;
  notEnforced: string[];
};

const ISTIO_ALGORITHMS = {
  'round-robin': 'ROUND_ROBIN',
  'least-connections': 'LEAST_REQUEST',
} as const;

/** The cookie Istio sets for sticky sessions. */
const AFFINITY_COOKIE = 'modelops-affinity';

function istio(
  deploymentId: string,
  namespace: string,
  spec: DeploymentSpec,
  weights: TrafficWeights,
): TrafficObjects {
  const { algorithm, stickySessions } = spec.loadBalancer;
  const host = `${spec.name}.${namespace}.svc.cluster.local`;
  const labels = objectLabels(deploymentId, spec);
  const tracks = Object.keys(weights) as Track[];
  const notEnforced =
    stickySessions && algorithm !== 'ip-hash'
      ? [
          `Sticky sessions use consistent hashing on a cookie, which replaces the ${algorithm} algorithm.`,
        ]
      : [];
  let loadBalancer: Record<string, unknown>;
  if (stickySessions) {
    loadBalancer = {
      consistentHash: { httpCookie: { name: AFFINITY_COOKIE, ttl: '0s' } },
    };
  } else if (algorithm === 'ip-hash') {
    loadBalancer = { consistentHash: { useSourceIp: true } };
  } else {
    loadBalancer = { simple: ISTIO_ALGORITHMS[algorithm] };
  }
  return {
    objects: [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: spec.name, namespace, labels },
        spec: {
          host,
          trafficPolicy: { loadBalancer },
          subsets: tracks.map(track => ({
            name: track,
            labels: { [TRACK_LABEL]: track },
          })),
        },
      } as KubernetesObject,
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: spec.name, namespace, labels },
        spec: {
          hosts: [host],
          http: [
            {
              route: tracks.map(track => ({
                destination: {
                  host,
                  subset: track,
                  port: { number: SERVICE_PORT },
                },
                weight: weights[track],
              })),
            },
          ],
        },
      } as KubernetesObject,
    ],
    trackServices: [],
    clientIpAffinity: false,
    notEnforced,
  };
}

function gatewayApi(
  deploymentId: string,
  namespace: string,
  spec: DeploymentSpec,
  weights: TrafficWeights,
  gateway: NonNullable<RuntimeConfig['gateway']>,
): TrafficObjects {
  const { algorithm, stickySessions } = spec.loadBalancer;
  const tracks = Object.keys(weights) as Track[];
  const notEnforced: string[] = [];
  if (algorithm !== 'round-robin') {
    notEnforced.push(
      `The ${algorithm} algorithm is not enforced: the Gateway API has no load-balancing setting, so the gateway's default applies.`,
    );
  }
  if (stickySessions) {
    notEnforced.push(
      'Sticky sessions are not enforced: the Gateway API has no session persistence in its standard channel.',
    );
  }
  return {
    objects: [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: {
          name: spec.name,
          namespace,
          labels: objectLabels(deploymentId, spec),
        },
        spec: {
          parentRefs: [
            {
              name: gateway.name,
              ...(gateway.namespace ? { namespace: gateway.namespace } : {}),
            },
          ],
          rules: [
            {
              matches: [
                { path: { type: 'PathPrefix', value: `/${spec.name}` } },
              ],
              backendRefs: tracks.map(track => ({
                name: workloadName(spec.name, track),
                port: SERVICE_PORT,
                weight: weights[track],
              })),
            },
          ],
        },
      } as KubernetesObject,
    ],
    trackServices: tracks,
    clientIpAffinity: false,
    notEnforced,
  };
}

function kubernetesOnly(spec: DeploymentSpec): TrafficObjects {
  const { algorithm, stickySessions } = spec.loadBalancer;
  const notEnforced: string[] = [];
  if (algorithm === 'least-connections') {
    notEnforced.push(
      'Least connections is not enforced: with no traffic manager configured, kube-proxy spreads connections evenly.',
    );
  }
  if (stickySessions) {
    notEnforced.push(
      'Sticky sessions pin each client IP to an instance (Service session affinity), not each browser session: no traffic manager is configured.',
    );
  }
  return {
    objects: [],
    trackServices: [],
    clientIpAffinity: stickySessions || algorithm === 'ip-hash',
    notEnforced,
  };
}

/** The traffic manager that routes this deployment's requests: none when its load balancer is off. */
export function trafficManagerOf(
  spec: DeploymentSpec,
  config: RuntimeConfig,
): RuntimeConfig['trafficManager'] {
  return spec.loadBalancer.enabled ? config.trafficManager : 'none';
}

/**
 * The traffic objects of the configured traffic manager, for the load-balancer settings and the split
 * between tracks; with no traffic manager, what a Service can do, and a note of what it cannot.
 */
export function buildTraffic(options: {
  deploymentId: string;
  namespace: string;
  spec: DeploymentSpec;
  weights: TrafficWeights;
  config: RuntimeConfig;
}): TrafficObjects {
  const { deploymentId, namespace, spec, weights, config } = options;
  if (!spec.loadBalancer.enabled) {
    return kubernetesOnly({
      ...spec,
      loadBalancer: {
        ...spec.loadBalancer,
        stickySessions: false,
        algorithm: 'round-robin',
      },
    });
  }
  switch (config.trafficManager) {
    case 'istio':
      return istio(deploymentId, namespace, spec, weights);
    case 'gateway-api':
      return gatewayApi(
        deploymentId,
        namespace,
        spec,
        weights,
        config.gateway!,
      );
    default:
      return kubernetesOnly(spec);
  }
}
