/**
 * Draws cover SVGs as PNGs with resvg, in a worker thread (see rasterize()
 * in cover-raster.ts). Encoding a 1600×2400 PNG takes about 80 ms, which on the main
 * thread would stall a batch's layouts meanwhile.
 *
 * Plain CommonJS with no build step: the same file runs under the bundled
 * CLI, from the TypeScript sources and in the tests.
 */
'use strict';
const { parentPort } = require('node:worker_threads');
const v8 = require('node:v8');
const vm = require('node:vm');
const { renderAsync } = require('@resvg/resvg-js');

// resvg-js 2.6 keeps each drawing's pixels (15 MB for a full-size cover)
// outside the JavaScript heap, where the garbage collector does not see
// them, and frees them only when their object is collected: left to itself
// the collector let a 100-article batch grow by more than a gigabyte. (The
// synchronous render() never frees them at all.) So this thread draws with
// renderAsync and collects after every drawing, which takes a millisecond or
// two in its small heap.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

parentPort.on('message', async ({ id, svg, options }) => {
  try {
    const png = (await renderAsync(svg, options)).asPng();
    parentPort.postMessage({ id, png });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
  collectGarbage();
});
