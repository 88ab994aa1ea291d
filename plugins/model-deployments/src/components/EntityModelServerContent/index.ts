export { EntityModelServerContent } from './EntityModelServerContent';
