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
    /** Measured with classifiers that never saw the held-out models (else a rotation over one that saw them all: optimistic). */
    unbiased: boolean;
    identifiedPrecision: number;
  } | null;
}

/**
 * A user's correction with what it corrects: material for the next training
 * run. The photo itself is never stored; its hash finds it among the photos
 * the operator keeps.
 */
export interface TrainingCorrection {
  reportId: string;
  reportedAt: Date;
  comment: string | null;
  identificationId: string;
  image: { sha256: string; width: number; height: number };
  classifier: { id: string; version: string };
  predicted: { label: string; confidence: number; outcome: IdentificationOutcome | null };
  correctVehicleId: string | null;
  /**
   * The classifier classes of the vehicle the user named, with where each
   * comes from (`photo-classes`: the shipped classifier's photo folders, the
   * folder the photo belongs in). Empty when no classifier has a class for it
   * (a car model to add, or an example of an unknown model) or when no vehicle
   * was named.
   */
  correctLabels: { label: string; origin: string }[];
}

export interface IdentificationReport {
  id: string;
  identificationId: string;
  correctVehicle: CatalogVehicle | null;
  comment: string | null;
  createdAt: Date;
}
