import { SPEC_FIELD_PATHS } from '../editability';
import { parseWithIssues } from '../validation';
import { deploymentSpecSchema } from './deploymentSpec';
import { GPU_FIELD_PATHS, SECTION_FIELDS, SPEC_SECTIONS } from './sections';
import { exampleDeploymentSpec } from './testSpecs';

describe('the sections of a deployment', () => {
  it('puts every field of the spec in exactly one section', () => {
    const inSections = SPEC_SECTIONS.flatMap(
      section => SECTION_FIELDS[section],
    );
    expect([...inSections].sort()).toEqual([...SPEC_FIELD_PATHS].sort());
    expect(new Set(inSections).size).toBe(inSections.length);
  });

  it('names as GPU fields those that the spec refuses without GPUs', () => {
    // The example has a GPU type and a GPU utilisation target.
    const withoutGpus = {
      ...exampleDeploymentSpec,
      resources: { ...exampleDeploymentSpec.resources, gpuCount: 0 },
    };
    const result = parseWithIssues(deploymentSpecSchema, withoutGpus);
    expect(result.success).toBe(false);
    expect(
      result.success ? [] : result.issues.map(issue => issue.field).sort(),
    ).toEqual([...GPU_FIELD_PATHS].sort());
  });
});
