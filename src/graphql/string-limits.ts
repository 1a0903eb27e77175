/**
 * Length limits on every string a client sends, in literals and variables,
 * checked once per operation before execution: free text (make, model) up
 * to `maxStringLength`, ids and cursors up to `maxIdLength`. A base64 image
 * is bounded by the upload limit instead (checked when decoded), a report's
 * comment by REPORT_COMMENT_MAX_CHARS (checked by the report service).
 */
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

export interface StringLimits {
  maxStringLength: number;
  maxIdLength: number;
}

const ID_LIKE = /^(id|ids|after|before)$|Ids?$/;
const UNBOUNDED = new Set(['imageBase64', 'comment']);

/** The limit for a value under argument or input field `name`; null = bounded elsewhere. */
function limitFor(name: string, limits: StringLimits): number | null {
  if (UNBOUNDED.has(name)) return null;
  return ID_LIKE.test(name) ? limits.maxIdLength : limits.maxStringLength;
}

function tooLong(field: string, length: number, max: number): GraphQLError {
  return new GraphQLError(`"${field}" is ${length} characters long; the limit is ${max}.`, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });
}

/** The first over-long string among the variables (walked with their key paths). */
function checkValue(value: unknown, path: string, name: string, limits: StringLimits): GraphQLError | null {
  if (typeof value === 'string') {
    const max = limitFor(name, limits);
    return max !== null && value.length > max ? tooLong(path, value.length, max) : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const error = checkValue(value[i], `${path}.${i}`, name, limits);
      if (error) return error;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const error = checkValue(inner, path ? `${path}.${key}` : key, key, limits);
      if (error) return error;
    }
  }
  return null;
}

/** The first over-long string literal in the document's arguments and input objects. */
function checkLiterals(document: DocumentNode, limits: StringLimits): GraphQLError | null {
  let found: GraphQLError | null = null;
  const names: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    StringValue(node) {
      const name = names[names.length - 1];
      if (found || name === undefined || node.kind !== Kind.STRING) return;
      const max = limitFor(name, limits);
      if (max !== null && node.value.length > max) found = tooLong(names.join('.'), node.value.length, max);
    },
  });
  return found;
}

export function stringLimitsPlugin<TContext extends BaseContext>(limits: StringLimits): ApolloServerPlugin<TContext> {
  // Apollo hands the same DocumentNode to every request of a cached query: its literals are checked once.
  const literals = new WeakMap<DocumentNode, GraphQLError | null>();
  const checkDocument = (document: DocumentNode): GraphQLError | null => {
    if (!literals.has(document)) literals.set(document, checkLiterals(document, limits));
    return literals.get(document)!;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const error = checkDocument(document) ?? checkValue(request.variables ?? {}, '', '', limits);
          if (error) throw error;
        },
      };
    },
  };
}
