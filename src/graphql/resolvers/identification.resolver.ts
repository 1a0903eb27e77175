import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Identification } from '../types/identification.type.js';
import { UploadScalar, type FileUpload } from '../scalars/upload.scalar.js';
import { badInput } from '../../errors.js';
import { decodeBase64Image, readUpload } from '../../identification/image-input.js';

@Resolver(() => Identification)
export class IdentificationResolver {
  @Mutation(() => Identification, {
    description: 'Identify the car in a photo (JPEG, PNG or WebP) sent as a multipart upload. The result is stored.',
  })
  async identifyVehicle(
    @Arg('image', () => UploadScalar) image: Promise<FileUpload>,
    @Arg('topK', () => Int, { nullable: true, description: 'Candidates to return (1-20, default 5).' }) topK: number | null,
    @Ctx() { services, limits, signal }: GraphQLContext,
  ): Promise<Identification> {
    const bytes = await readUpload(image, limits.maxUploadBytes);
    return services.identification.identify(bytes, topK, signal);
  }

  @Mutation(() => Identification, { description: 'Same as identifyVehicle, for clients that send the photo as base64 (or a data: URL) in JSON.' })
  async identifyVehicleBase64(
    @Arg('imageBase64', () => String) imageBase64: string,
    @Arg('topK', () => Int, { nullable: true }) topK: number | null,
    @Ctx() { services, limits, signal }: GraphQLContext,
  ): Promise<Identification> {
    return services.identification.identify(decodeBase64Image(imageBase64, limits.maxUploadBytes), topK, signal);
  }

  @Mutation(() => [Identification], {
    nullable: 'items',
    description: 'Identify several photos in one request; a photo that fails gives null and an error at its index.',
  })
  async identifyVehicles(
    @Arg('images', () => [UploadScalar]) images: Promise<FileUpload>[],
    @Arg('topK', () => Int, { nullable: true }) topK: number | null,
    @Ctx() { services, limits, signal }: GraphQLContext,
  ): Promise<Promise<Identification>[]> {
    if (images.length === 0) throw badInput('"images" is empty', 'images');
    if (images.length > limits.maxImagesPerRequest) {
      throw badInput(`At most ${limits.maxImagesPerRequest} images per request`, 'images');
    }
    const buffers = await Promise.all(images.map((image, i) => readUpload(image, limits.maxUploadBytes, `images.${i}`)));
    return services.identification.identifyMany(buffers, topK, signal);
  }

  @Query(() => Identification, { description: 'A stored identification; NOT_FOUND when unknown.' })
  identification(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Identification {
    return services.identification.get(id);
  }
}
