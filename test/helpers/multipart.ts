/** Sends a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec). */
import { print, type DocumentNode } from 'graphql';
import type { GraphQLBody } from './service.js';

export interface UploadFile {
  /** Variable path, e.g. "image" or "images.1". */
  path: string;
  bytes: Uint8Array;
  filename: string;
  type?: string;
}

export async function multipart<TData = unknown>(
  baseUrl: string,
  document: DocumentNode,
  variables: Record<string, unknown>,
  files: UploadFile[],
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
): Promise<{ status: number; body: GraphQLBody<TData> }> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: print(document), variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [`variables.${file.path}`]]))));
  files.forEach((file, i) => form.append(String(i), new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.filename));
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', body: form, headers });
  return { status: response.status, body: (await response.json()) as GraphQLBody<TData> };
}
