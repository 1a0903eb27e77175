/**
 * GraphQL Code Generator: typed operations (TypedDocumentNode) from the
 * committed SDL and the operation documents. Offline: reads local files only.
 * Run with `npm run codegen`.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  generates: {
    'test/generated/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: { DateTimeISO: 'string', Upload: 'unknown' },
      },
    },
    // The demo page (web/): its own operations only, as plain query strings
    // (documentMode 'string') so the browser needs no graphql package.
    'web/src/generated/operations.ts': {
      documents: ['web/src/operations/**/*.graphql', '!test/operations/**/*.graphql'],
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: { DateTimeISO: 'string', Upload: 'File | Blob | null' },
      },
    },
  },
};

export default config;
