/**
 * type-graphql's `container` option: resolvers are built in main.ts with
 * their services passed to the constructor, and registered here; type-graphql
 * asks the container for the instance of each resolver class.
 */
import type { ContainerType } from 'type-graphql';

export class ResolverContainer implements ContainerType {
  private readonly instances = new Map<unknown, object>();

  constructor(resolvers: readonly object[]) {
    for (const resolver of resolvers) this.instances.set(resolver.constructor, resolver);
  }

  get(someClass: unknown): object {
    const instance = this.instances.get(someClass);
    if (!instance) throw new Error(`No instance of ${(someClass as { name?: string }).name ?? someClass} was registered`);
    return instance;
  }
}
