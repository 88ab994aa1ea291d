import { formatActor, formatApprovers } from './formatChange';

describe('formatActor', () => {
  it('names a user, with the namespace only outside the default one', () => {
    expect(formatActor('user:default/alice')).toBe('alice');
    expect(formatActor('user:ml/bob')).toBe('ml/bob');
  });

  it('shows any other actor whole', () => {
    expect(formatActor('group:default/nlp-team')).toBe(
      'group:default/nlp-team',
    );
    expect(formatActor('system')).toBe('system');
  });
});

describe('formatApprovers', () => {
  it('names each group, any one of which may approve', () => {
    expect(
      formatApprovers(['group:default/nlp-team', 'group:ml/approvers']),
    ).toBe('nlp-team or ml/approvers');
  });
});
