import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { generatedComponentSchemas } from './requestSchemas';

const specPath = path.resolve(__dirname, 'openapi.yaml');

/**
 * Keeps the request schemas of openapi.yaml equal to the common zod schemas. Run with
 * UPDATE_OPENAPI=1 (`yarn generate:openapi`) to rewrite them after changing a schema.
 */
describe('openapi.yaml request schemas', () => {
  it('are generated from the common zod schemas', () => {
    const document = parseDocument(fs.readFileSync(specPath, 'utf8'));
    const generated = generatedComponentSchemas();
    if (process.env.UPDATE_OPENAPI) {
      for (const [name, schema] of Object.entries(generated)) {
        document.setIn(['components', 'schemas', name], document.createNode(schema));
      }
      fs.writeFileSync(specPath, document.toString({ lineWidth: 100 }));
    }
    const committed = document.toJS().components.schemas;
    for (const [name, schema] of Object.entries(generated)) {
      expect({ name, schema: committed[name] }).toEqual({ name, schema });
    }
  });
});
