/**
 * Draws cover SVGs as PNGs with resvg, in a worker thread (see rasterize()
 * in cover.ts). Encoding a 1600×2400 PNG takes about 80 ms, which on the main
 * thread would stall a batch's layouts meanwhile.
 *
 * Plain CommonJS with no build step: the same file runs under the bundled
 * CLI, from the TypeScript sources and in the tests.
 */
'use strict';
const { parentPort } = require('node:worker_threads');
const { Resvg } = require('@resvg/resvg-js');

parentPort.on('message', ({ id, svg, options }) => {
  try {
    const png = new Resvg(svg, options).render().asPng();
    parentPort.postMessage({ id, png });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
