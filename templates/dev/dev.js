// Added to the download page by `galley dev` only (never by a build): reloads
// the page when galley has rebuilt, and shows what went wrong when a build
// failed, over the page, until the next good build.
(() => {
  const events = new EventSource('/__galley/events');
  let box;
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failed', (event) => {
    const { messages } = JSON.parse(event.data);
    if (!box) {
      box = document.createElement('pre');
      box.id = 'galley-dev-errors';
      box.setAttribute('role', 'alert');
      Object.assign(box.style, {
        position: 'fixed', inset: 'auto 0 0 0', maxHeight: '50vh', overflow: 'auto', margin: '0',
        padding: '1em 1.25em', background: '#fff4f2', color: '#7a1500', borderTop: '3px solid #c0392b',
        font: '14px/1.45 ui-monospace, monospace', whiteSpace: 'pre-wrap', zIndex: '2147483647',
      });
      document.body.append(box);
    }
    box.textContent = `galley: the last save was not built; the editions shown are the previous ones.\n\n${messages.join('\n')}`;
  });
})();
