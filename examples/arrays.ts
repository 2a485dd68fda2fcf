// Arrays in TypeScript: put the cursor inside one and run "Trace backprop".
export const x = [
  [1.0, -0.5],
  [2.0, 0],
];

export const logits = [-3, -1.5, 0, 1.5, 3];
