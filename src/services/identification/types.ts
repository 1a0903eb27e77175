/** Identification results as the use cases return them (GraphQL's ObjectTypes have the same shape: see graphql/types/identification.type.ts). */
import type { IdentificationOutcome } from '../../inference/types.js';
import type { CatalogVehicle } from '../vehicles/types.js';

export type { IdentificationOutcome };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Candidate {
  /** The classifier's class name. */
  label: string;
  make: string | null;
  model: string | null;
  confidence: number;
  vehicle: CatalogVehicle | null;
}

export interface ModelInfo {
  id: string;
  name: string;
  version: string;
}

export interface DetectedVehicle {
  boundingBox: Box;
  detectionScore: number;
  detectorClass: string | null;
  main: boolean;
  skipped: 'TOO_SMALL' | 'OVER_LIMIT' | null;
  candidates: Candidate[];
  confidence: number | null;
  outcome: IdentificationOutcome | null;
}

export interface Identification {
  id: string;
  createdAt: Date;
  candidates: Candidate[];
  vehicle: CatalogVehicle | null;
  confidence: number;
  outcome: IdentificationOutcome;
  uncertain: boolean;
  novelty: { score: number; threshold: number } | null;
  vehicles: DetectedVehicle[];
  boundingBox: Box | null;
  bodyType: string | null;
  model: ModelInfo;
  provider: string;
  timings: { decodeMs: number; detectMs: number; classifyMs: number; totalMs: number };
  image: { width: number; height: number; sha256: string };
  /** Answered from the stored identification of the same image (same classifier version and topK), not recomputed. */
  reused: boolean;
}

export interface PhotoInSet {
  index: number;
  identification: Identification | null;
  errorCode: string | null;
  errorMessage: string | null;
  weight: number;
  differentCar: boolean;
}

export interface PhotoSetIdentification {
  outcome: IdentificationOutcome;
  uncertain: boolean;
  candidates: Candidate[];
  vehicle: CatalogVehicle | null;
  confidence: number;
  novelty: { score: number; threshold: number } | null;
  model: ModelInfo;
  photos: PhotoInSet[];
}

export interface SupportedModel {
  label: string;
  vehicle: CatalogVehicle | null;
  trainingImages: number;
  validationImages: number;
  validationAccuracy: number | null;
  pipelineAccuracy: number | null;
}

export interface SupportedModels {
  classifier: ModelInfo;
  models: SupportedModel[];
  unknownModelDetection: {
    method: string;
    knownKept: number;
    unknownRefused: number;
    baselineUnknownRefused: number;
    identifiedPrecision: number;
  } | null;
}

export interface IdentificationReport {
  id: string;
  identificationId: string;
  correctVehicle: CatalogVehicle | null;
  comment: string | null;
  createdAt: Date;
}
