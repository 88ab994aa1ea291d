import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  getSpecField,
  GPU_FIELD_PATHS,
  SECTION_FIELDS,
  SPEC_SECTIONS,
  type DeploymentSpec,
  type ModelDeployment,
  type SpecFieldPath,
  type SpecSection,
} from '@modelops/plugin-model-deployments-common';
import Grid from '@material-ui/core/Grid';
import type { ReactNode } from 'react';
import { FIELD_LABELS, formatFieldValue, SECTION_LABELS } from '../../labels';
import { FieldTable } from './FieldTable';
import { observedCount } from '../DeploymentStatus';

/** What the details say under a section's title. */
const SECTION_NOTES: Partial<Record<SpecSection, string>> = {
  resources: 'Per instance',
  monitoring: 'What alerts and canary analysis hold it to',
};

/** The documentation lists these "when enabled": they mean nothing with auto-scaling off. */
const AUTOSCALING_TARGETS: readonly SpecFieldPath[] = [
  'autoscaling.targetCpuPercent',
  'autoscaling.targetMemoryPercent',
  'autoscaling.targetGpuPercent',
];

function showsField(spec: DeploymentSpec, field: SpecFieldPath): boolean {
  if (GPU_FIELD_PATHS.includes(field) && spec.resources.gpuCount === 0) {
    return false;
  }
  return spec.autoscaling.enabled || !AUTOSCALING_TARGETS.includes(field);
}

/** A field's value as the documentation shows it; the model links to its catalog entity. */
function fieldValue(spec: DeploymentSpec, field: SpecFieldPath): ReactNode {
  if (field === 'modelRef') {
    return <EntityRefLink entityRef={spec.modelRef} defaultKind="resource" />;
  }
  return formatFieldValue(field, getSpecField(spec, field));
}

/** Each variable on its own row, a Secret's by the key it comes from. */
function envRows(env: DeploymentSpec['env']) {
  if (env.length === 0) {
    return [{ label: 'None', value: '' }];
  }
  return env.map(variable => ({
    label: variable.name,
    value:
      'secretKeyRef' in variable && variable.secretKeyRef
        ? `from Secret ${variable.secretKeyRef.name}, key ${variable.secretKeyRef.key}`
        : (variable as { value: string }).value,
  }));
}

function sectionRows(deployment: ModelDeployment, section: SpecSection) {
  const { spec, instances } = deployment;
  if (section === 'env') {
    return envRows(spec.env);
  }
  const rows = SECTION_FIELDS[section]
    .filter(field => showsField(spec, field))
    .map(field => ({
      label: FIELD_LABELS[field],
      value: fieldValue(spec, field),
    }));
  if (section === 'scaling') {
    // Observed, never assumed: empty until the runtime has seen the cluster.
    return [
      { label: 'Current Instances', value: observedCount(instances.current) },
      ...rows,
    ];
  }
  return rows;
}

/**
 * The documentation's sections of the details view (SECTION_FIELDS): Basic Information, Resource
 * Configuration, Scaling Configuration and Load Balancer, with every field they name; the thresholds
 * of Monitoring; and the environment variables.
 */
export function SpecSections(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  return (
    <>
      {SPEC_SECTIONS.map(section => (
        <Grid key={section} item xs={12} md={6}>
          <InfoCard
            title={SECTION_LABELS[section]}
            subheader={SECTION_NOTES[section]}
            noPadding
          >
            <FieldTable rows={sectionRows(deployment, section)} />
          </InfoCard>
        </Grid>
      ))}
    </>
  );
}
