/**
 * The `Upload` scalar of the GraphQL multipart request spec. graphql-upload-minimal
 * parses the multipart body and puts an `Upload` in the variables; the scalar
 * hands its promise of a file to the resolver. (Defined here rather than
 * imported so that it belongs to this process's graphql instance.)
 */
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { Upload, type FileUpload } from 'graphql-upload-minimal';

export type { FileUpload };

export const UploadScalar = new GraphQLScalarType<Promise<FileUpload>, never>({
  name: 'Upload',
  description: 'A file sent as a part of a multipart request (GraphQL multipart request spec).',
  parseValue(value) {
    if (value instanceof Upload) return value.promise;
    throw new GraphQLError('Upload value invalid: send the file as a multipart request part.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
  parseLiteral() {
    throw new GraphQLError('Upload literal unsupported: pass the file in a variable.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
  serialize() {
    throw new GraphQLError('Upload serialization unsupported.');
  },
});
