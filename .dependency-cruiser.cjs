/**
 * `npm run check:imports`: no runtime import cycle in src/. It reads the compiled dist/ (npm run
 * build), where the compiler has dropped type-only imports: what remains is what runs.
 */
module.exports = {
  forbidden: [
    {
      name: "no-runtime-cycle",
      severity: "error",
      comment: "The core imports downward only; no module may reach itself through runtime imports.",
      from: { path: "^dist/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
