export { ActionDialog } from './ActionDialog';
export { ActionError } from './ActionError';
export { backendFieldIssues, issueFor } from './fieldIssues';
export { useSubmit } from './useSubmit';
