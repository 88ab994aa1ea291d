import {
  EVENT_ACTION_LABELS,
  EVENT_OUTCOME_LABELS,
  fieldLabel,
  formatFieldValue,
} from './labels';

describe('formatFieldValue', () => {
  it('shows each environment variable with its value or the Secret key it comes from', () => {
    expect(
      formatFieldValue('env', [
        { name: 'LOG_LEVEL', value: 'info' },
        {
          name: 'HF_TOKEN',
          secretKeyRef: { name: 'hf-credentials', key: 'token' },
        },
      ]),
    ).toBe('LOG_LEVEL=info, HF_TOKEN from secret hf-credentials/token');
  });

  it('tells apart two lists of variables that differ only in a value', () => {
    expect(
      formatFieldValue('env', [{ name: 'LOG_LEVEL', value: 'info' }]),
    ).not.toBe(
      formatFieldValue('env', [{ name: 'LOG_LEVEL', value: 'debug' }]),
    );
  });

  it('shows no variables, and no value, as "—"', () => {
    expect(formatFieldValue('env', [])).toBe('—');
    expect(formatFieldValue('description', undefined)).toBe('—');
  });

  it('names enum values and says Yes or No', () => {
    expect(formatFieldValue('strategy', 'blue-green')).toBe('Blue-Green');
    expect(formatFieldValue('resources.gpuType', 'A100')).toBe('NVIDIA A100');
    expect(formatFieldValue('loadBalancer.stickySessions', false)).toBe('No');
  });
});

describe('history labels', () => {
  it('names the decisions on approval requests and the wait for one', () => {
    expect(EVENT_ACTION_LABELS['update-model']).toBe('Update Model');
    expect(EVENT_ACTION_LABELS.reject).toBe('Reject');
    expect(EVENT_OUTCOME_LABELS['awaiting-approval']).toBe(
      'waiting for approval',
    );
  });
});

describe('fieldLabel', () => {
  it('names the fields the documentation names, and shows any other path as it is', () => {
    expect(fieldLabel('replicas.max')).toBe('Max Instances');
    expect(fieldLabel('resources.tpuCount')).toBe('resources.tpuCount');
  });
});
