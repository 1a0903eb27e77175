import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Identification, PhotoSetIdentification } from '../types/identification.type.js';
import { IdentificationReport, SupportedModels } from '../types/model-card.type.js';
import { UploadScalar, type FileUpload } from '../scalars/upload.scalar.js';
import { badInput } from '../../errors.js';
import { decodeBase64Image, readUpload } from '../uploads.js';
import type { IdentificationService } from '../../services/identification/identification-service.js';
import type { ReportService } from '../../services/identification/report-service.js';

/** Reads a list of uploads within the per-request limits. */
async function readUploads(images: Promise<FileUpload>[], limits: GraphQLContext['limits']): Promise<Buffer[]> {
  if (images.length === 0) throw badInput('"images" is empty', 'images');
  if (images.length > limits.maxImagesPerRequest) throw badInput(`At most ${limits.maxImagesPerRequest} images per request`, 'images');
  return Promise.all(images.map((image, i) => readUpload(image, limits.maxUploadBytes, `images.${i}`)));
}

@Resolver(() => Identification)
export class IdentificationResolver {
  constructor(
    private readonly identifications: IdentificationService,
    private readonly reports: ReportService,
  ) {}

  @Mutation(() => Identification, {
    description: 'Identify the car in a photo (JPEG, PNG or WebP) sent as a multipart upload. The result is stored.',
  })
  async identifyVehicle(
    @Arg('image', () => UploadScalar) image: Promise<FileUpload>,
    @Arg('topK', () => Int, { nullable: true, description: 'Candidates to return (1-20, default 5).' }) topK: number | null,
    @Ctx() { limits, signal }: GraphQLContext,
  ): Promise<Identification> {
    const bytes = await readUpload(image, limits.maxUploadBytes);
    return this.identifications.identify(bytes, topK, signal);
  }

  @Mutation(() => Identification, { description: 'Same as identifyVehicle, for clients that send the photo as base64 (or a data: URL) in JSON.' })
  async identifyVehicleBase64(
    @Arg('imageBase64', () => String) imageBase64: string,
    @Arg('topK', () => Int, { nullable: true }) topK: number | null,
    @Ctx() { limits, signal }: GraphQLContext,
  ): Promise<Identification> {
    return this.identifications.identify(decodeBase64Image(imageBase64, limits.maxUploadBytes), topK, signal);
  }

  @Mutation(() => [Identification], {
    nullable: 'items',
    description: 'Identify several photos in one request; a photo that fails gives null and an error at its index.',
  })
  async identifyVehicles(
    @Arg('images', () => [UploadScalar]) images: Promise<FileUpload>[],
    @Arg('topK', () => Int, { nullable: true }) topK: number | null,
    @Ctx() { limits, signal }: GraphQLContext,
  ): Promise<Promise<Identification>[]> {
    return this.identifications.identifyMany(await readUploads(images, limits), topK, signal);
  }

  @Mutation(() => PhotoSetIdentification, {
    description:
      'Several photos of one car (front, side, back...) fused into one answer with per-photo weights; a photo that seems to show a different car is flagged and left out. Each photo is also stored as its own Identification.',
  })
  async identifyVehicleFromPhotos(
    @Arg('images', () => [UploadScalar]) images: Promise<FileUpload>[],
    @Arg('topK', () => Int, { nullable: true }) topK: number | null,
    @Ctx() { limits, signal }: GraphQLContext,
  ): Promise<PhotoSetIdentification> {
    return this.identifications.identifyPhotos(await readUploads(images, limits), topK, signal);
  }

  @Query(() => SupportedModels, { description: 'The car models the service recognises, with training photos and measured accuracy per model, and the classifier version.' })
  supportedModels(): Promise<SupportedModels> {
    return this.identifications.supportedModels();
  }

  @Mutation(() => IdentificationReport, {
    description:
      'Say what the car of an identification really was (a catalog vehicle id, a comment, or both); kept for the next training run. Rate-limited per client and per identification.',
  })
  reportIdentification(
    @Arg('id', () => ID) id: string,
    @Arg('correctVehicleId', () => ID, { nullable: true }) correctVehicleId: string | null,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Ctx() { clientAddress }: GraphQLContext,
  ): Promise<IdentificationReport> {
    return this.reports.report({ identificationId: id, correctVehicleId, comment }, clientAddress);
  }

  @Query(() => Identification, { description: 'A stored identification; NOT_FOUND when unknown.' })
  identification(@Arg('id', () => ID) id: string): Promise<Identification> {
    return this.identifications.get(id);
  }
}
