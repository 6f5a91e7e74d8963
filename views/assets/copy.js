// Progressive enhancement for "Copy" buttons next to read-only fields (signed tokens, links):
// the buttons stay hidden without JavaScript, where selecting the field and copying still works.
(() => {
  const reveal = () => document.querySelectorAll('button[data-copy][hidden]').forEach((b) => b.removeAttribute('hidden'));
  document.addEventListener('DOMContentLoaded', reveal);
  document.addEventListener('htmx:afterSettle', reveal);
  document.addEventListener('click', async (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-copy]') : null;
    if (!button) return;
    const field = document.getElementById(button.getAttribute('data-copy'));
    const status = document.getElementById(button.getAttribute('data-copy-status') || '');
    if (!field) return;
    let done = false;
    try {
      await navigator.clipboard.writeText(field.value);
      done = true;
    } catch {
      field.select();
      done = document.execCommand('copy');
    }
    if (status) status.textContent = done ? 'Copied to the clipboard.' : 'Could not copy: select the field and copy it yourself.';
  });
})();
