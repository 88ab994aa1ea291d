import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  getSpecField,
  type ModelDeployment,
  type SpecFieldPath,
} from '@modelops/plugin-model-deployments-common';
import Grid from '@material-ui/core/Grid';
import type { ReactNode } from 'react';
import { FIELD_LABELS, formatFieldValue } from '../../labels';
import { FieldTable } from './FieldTable';
import { observedCount } from '../DeploymentStatus';

/** One row per field of the spec, labelled and formatted as the documentation shows it. */
function specRows(
  deployment: ModelDeployment,
  fields: SpecFieldPath[],
  values: Partial<Record<SpecFieldPath, ReactNode>> = {},
) {
  return fields.map(field => ({
    label: FIELD_LABELS[field],
    value:
      field in values
        ? values[field]
        : formatFieldValue(field, getSpecField(deployment.spec, field)),
  }));
}

/**
 * The documentation's sections of the details view: Basic Information, Resource Configuration, Scaling
 * Configuration and Load Balancer, with every field they name; and the thresholds of Monitoring.
 */
export function SpecSections(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  const { spec, instances } = deployment;
  const gpus = spec.resources.gpuCount > 0;
  return (
    <>
      <Grid item xs={12} md={6}>
        <InfoCard title="Basic Information" noPadding>
          <FieldTable
            rows={specRows(
              deployment,
              [
                'name',
                'description',
                'modelRef',
                'modelId',
                'modelVersion',
                'environment',
                'strategy',
                'surgeDuringUpdates',
              ],
              {
                modelRef: (
                  <EntityRefLink
                    entityRef={spec.modelRef}
                    defaultKind="resource"
                  />
                ),
              },
            )}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Resource Configuration"
          subheader="Per instance"
          noPadding
        >
          <FieldTable
            rows={specRows(deployment, [
              'resources.cpuCores',
              'resources.memoryGb',
              'resources.gpuCount',
              ...(gpus ? (['resources.gpuType'] as const) : []),
              'resources.storageGb',
              'resources.networkBandwidthMbps',
            ])}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Scaling Configuration" noPadding>
          <FieldTable
            rows={[
              {
                label: 'Current Instances',
                // Observed, never assumed: empty until the runtime has seen the cluster.
                value: observedCount(instances.current),
              },
              ...specRows(deployment, [
                'autoscaling.enabled',
                'replicas.min',
                'replicas.max',
                ...(spec.autoscaling.enabled
                  ? ([
                      'autoscaling.targetCpuPercent',
                      'autoscaling.targetMemoryPercent',
                      ...(gpus
                        ? (['autoscaling.targetGpuPercent'] as const)
                        : []),
                    ] as const)
                  : []),
              ]),
            ]}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Load Balancer" noPadding>
          <FieldTable
            rows={specRows(deployment, [
              'loadBalancer.enabled',
              'loadBalancer.algorithm',
              'loadBalancer.healthCheckPath',
              'loadBalancer.healthCheckIntervalSeconds',
              'loadBalancer.stickySessions',
            ])}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Monitoring"
          subheader="What alerts and canary analysis hold it to"
          noPadding
        >
          <FieldTable
            rows={specRows(deployment, [
              'monitoring.maxErrorRatePercent',
              'monitoring.maxP99LatencyMs',
              'monitoring.alertOnNoReadyInstances',
            ])}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={FIELD_LABELS.env} noPadding>
          <FieldTable
            rows={
              spec.env.length === 0
                ? [{ label: 'None', value: '' }]
                : spec.env.map(variable => ({
                    label: variable.name,
                    value:
                      'secretKeyRef' in variable && variable.secretKeyRef
                        ? `from Secret ${variable.secretKeyRef.name}, key ${variable.secretKeyRef.key}`
                        : (variable as { value: string }).value,
                  }))
            }
          />
        </InfoCard>
      </Grid>
    </>
  );
}
