// Puppeteer's own browser download is never run at install time: it fails the
// whole `npm install` where the download host is unreachable. scripts/ensure-browser.mjs
// (the postinstall step) finds or installs a browser instead.
module.exports = { skipDownload: true };
