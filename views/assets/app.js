// Progressive enhancement only: every page works without this file.
// htmx requests carry the session's CSRF token as a header too (forms also post it as _csrf).
document.addEventListener('htmx:configRequest', (e) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) e.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
});
// A swapped error (network or 5xx) gets a visible, announced message instead of silence.
document.addEventListener('htmx:responseError', (e) => {
  const box = document.getElementById('ag-live-error');
  if (box) box.textContent = `The request failed (${e.detail.xhr.status}). Nothing was changed; please try again.`;
});
