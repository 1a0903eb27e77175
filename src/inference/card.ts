/**
 * The public model card of a classifier (pure): per class, the training
 * photos and the accuracy measured on the validation split. Written by
 * training/identifier/novelty.py next to the model (`card` in its manifest).
 */

export interface ClassCard {
  label: string;
  trainImages: number;
  validationImages: number;
  /** Top-1 of the classifier alone on the validation photos of this class. */
  validationTop1: number | null;
  /** Top-1 of the served pipeline (detector crop, flip; UNKNOWN_MODEL counted as a miss). */
  pipelineTop1: number | null;
}

export interface ModelCard {
  classes: ClassCard[];
  /** Overall figures and how they were measured (free-form, shown as is). */
  summary: Record<string, unknown>;
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN);
const rate = (v: unknown): number | null => (typeof v === 'number' && v >= 0 && v <= 1 ? v : null);

/** Parses a card; every label must be one of the classifier's. */
export function parseModelCard(raw: unknown, labels: readonly string[]): ModelCard {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (!Array.isArray(r.classes)) throw new Error('"classes" must be an array');
  const known = new Set(labels);
  const classes = r.classes.map((c: Record<string, unknown>, i): ClassCard => {
    const card = {
      label: String(c.label),
      trainImages: count(c.trainImages),
      validationImages: count(c.validationImages),
      validationTop1: rate(c.validationTop1),
      pipelineTop1: rate(c.pipelineTop1),
    };
    if (!known.has(card.label)) throw new Error(`classes[${i}].label "${card.label}" is not a label of the classifier`);
    if (Number.isNaN(card.trainImages) || Number.isNaN(card.validationImages)) throw new Error(`classes[${i}]: image counts must be integers >= 0`);
    return card;
  });
  const summary = typeof r.summary === 'object' && r.summary !== null ? (r.summary as Record<string, unknown>) : {};
  return { classes, summary };
}
