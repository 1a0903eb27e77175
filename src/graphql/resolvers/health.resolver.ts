import { Query, Resolver } from 'type-graphql';
import { Health } from '../types/health.type.js';
import type { HealthService } from '../../services/health/health-service.js';

@Resolver()
export class HealthResolver {
  constructor(private readonly healthService: HealthService) {}

  @Query(() => Health, { description: 'Readiness of the storage and the models.' })
  health(): Promise<Health> {
    return this.healthService.report();
  }
}
