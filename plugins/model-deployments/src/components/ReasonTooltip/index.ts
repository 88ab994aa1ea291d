export { ReasonTooltip } from './ReasonTooltip';
