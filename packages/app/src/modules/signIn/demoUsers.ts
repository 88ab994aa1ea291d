/** An example user of examples/org.yaml, as the demo sign-in page offers it. */
export type DemoUser = {
  /** The catalog user's name, which the demo sign-in provider signs in as. */
  name: string;
  displayName: string;
  /** The groups the user is a member of (`spec.memberOf`). */
  groups: string[];
  /** What the demo permission policy lets the user do, in one line. */
  mayDo: string;
};

/**
 * The example users, in the order the sign-in page lists them. demoUsers.test.ts keeps the names,
 * display names and groups in step with examples/org.yaml; the catalog, not this list, decides who a
 * user is once signed in.
 */
export const DEMO_USERS: DemoUser[] = [
  {
    name: 'guest',
    displayName: 'Guest',
    groups: ['nlp-team'],
    mayDo:
      'Deploys and runs the NLP models (BERT Sentiment, T5 Summarizer) and approves the production changes that others ask for.',
  },
  {
    name: 'alice',
    displayName: 'Alice Martin',
    groups: ['nlp-team', 'ml-release-board'],
    mayDo:
      "Runs the NLP models and approves their production changes; on the release board, also the Two-Tower Recommender's.",
  },
  {
    name: 'bob',
    displayName: 'Bob Chen',
    groups: ['nlp-team'],
    mayDo:
      'Runs the NLP models: the other NLP owner, who approves the production changes that guest or alice ask for.',
  },
  {
    name: 'carol',
    displayName: 'Carol Diaz',
    groups: ['vision-team'],
    mayDo:
      'Runs the ResNet-50 Product Classifier; alone in her team, so an admin approves her production changes.',
  },
  {
    name: 'dave',
    displayName: 'Dave Okafor',
    groups: ['recsys-team', 'ml-release-board'],
    mayDo:
      "Runs the Two-Tower Recommender; on the release board, also approves the T5 Summarizer's production changes.",
  },
  {
    name: 'erin',
    displayName: 'Erin Walsh',
    groups: ['ml-platform'],
    mayDo:
      'Admin: may do everything with every deployment, except approve her own requests.',
  },
];
