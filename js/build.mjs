// Bundles js/src/index.js with sigma.js and graphology into ONE self-contained
// IIFE: mkdocs_arxdigest/assets/arxdigest/graph.js (nothing is loaded at runtime
// from anywhere else). Run through `npm run build` (or `npm run watch`);
// hatch_build.py calls it while building wheels.
import { build, context } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const watch = process.argv.includes("--watch");
const sourcemap = process.argv.includes("--sourcemap");
const minify = !process.argv.includes("--no-minify"); // for profiling only

const options = {
  absWorkingDir: root,
  entryPoints: ["js/src/index.js"],
  outfile: "mkdocs_arxdigest/assets/arxdigest/graph.js",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  minify,
  sourcemap: sourcemap ? "linked" : false,
  legalComments: "eof",
  logLevel: "info",
  banner: { js: "/* mkdocs-arxdigest graph views: sigma.js + graphology (MIT licensed), bundled */" },
  define: { "process.env.NODE_ENV": '"production"' },
};

if (watch) {
  const ctx = await context(options);
  await ctx.watch();
} else {
  await build(options);
}
