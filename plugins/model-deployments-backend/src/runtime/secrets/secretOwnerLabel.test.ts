import { secretOwnerLabelValue } from './secretOwnerLabel';

describe('secretOwnerLabelValue', () => {
  it('writes an owner as kind.namespace.name, lowercased', () => {
    expect(secretOwnerLabelValue('group:default/NLP-Team')).toBe(
      'group.default.nlp-team',
    );
    expect(secretOwnerLabelValue('user:default/alice')).toBe(
      'user.default.alice',
    );
  });

  it('has no value for an owner that a label cannot name unambiguously', () => {
    // group:default.ml/platform and group:default/ml.platform would both read group.default.ml.platform.
    expect(secretOwnerLabelValue('group:default.ml/platform')).toBeUndefined();
    expect(secretOwnerLabelValue('group:default/ml.platform')).toBe(
      'group.default.ml.platform',
    );
    expect(
      secretOwnerLabelValue(`group:default/${'a'.repeat(60)}`),
    ).toBeUndefined();
  });
});
