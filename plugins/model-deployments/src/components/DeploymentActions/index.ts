export { ActionButtons } from './ActionButtons';
export { ActionDialogs, type OpenDialog } from './ActionDialogs';
export { useActionAvailability } from './useActionAvailability';
export { canRollBackTo } from './rollbackTargets';
