/**
 * GraphiQL served from the @graphql-yoga/render-graphiql package: its page
 * inlines every script and style, so it works with no internet access (the
 * default Apollo landing page loads from a CDN).
 */
import type { ApolloServerPlugin } from '@apollo/server';

const DEFAULT_QUERY = `# Welcome to carvalue. Try:
query Vehicles {
  vehicles(make: "BMW", first: 5) {
    totalCount
    edges { cursor node { id make model productionYears { from to } newPrice listingsCount } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

let cached: Promise<string> | undefined;

/** The page is ~9 MB of inlined JavaScript: render it once, on first request. */
export function graphiqlHtml(endpoint: string): Promise<string> {
  cached ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) =>
    renderGraphiQL({ title: 'carvalue GraphiQL', endpoint, defaultQuery: DEFAULT_QUERY }),
  );
  return cached;
}

export function graphiqlLandingPage(endpoint: string): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: () => graphiqlHtml(endpoint) };
        },
      };
    },
  };
}
