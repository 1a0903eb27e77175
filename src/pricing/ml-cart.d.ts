/** Types for ml-cart 2.x, which ships none (only the regression tree is used). */
declare module 'ml-cart' {
  export interface DecisionTreeRegressionOptions {
    gainFunction?: 'regression';
    splitFunction?: 'mean';
    /** A node with this many rows or fewer becomes a leaf. */
    minNumSamples?: number;
    maxDepth?: number;
  }

  export class DecisionTreeRegression {
    constructor(options?: DecisionTreeRegressionOptions);
    train(trainingSet: number[][], trainingValues: number[]): void;
    predict(toPredict: number[][]): number[];
    toJSON(): { name: 'DTRegression'; options: object; root: object };
    static load(model: object): DecisionTreeRegression;
  }
}
