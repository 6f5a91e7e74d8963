// Passkey forms (views/components/second-factor.tsx): shown only when this script runs, since
// WebAuthn needs it. The button hands the server's options to the browser (SimpleWebAuthnBrowser,
// served from @simplewebauthn/browser), puts the browser's answer into the form and posts it.
(function () {
  if (!window.SimpleWebAuthnBrowser || !window.SimpleWebAuthnBrowser.browserSupportsWebAuthn()) return;
  const { startRegistration, startAuthentication } = window.SimpleWebAuthnBrowser;
  document.querySelectorAll('form[data-passkey]').forEach((form) => {
    const options = JSON.parse(form.dataset.passkeyOptions);
    const answer = form.querySelector('input[name=credential]');
    const status = form.querySelector('[data-passkey-status]');
    const button = form.querySelector('[data-passkey-start]');
    form.hidden = false;
    button.addEventListener('click', async () => {
      status.textContent = '';
      button.disabled = true;
      try {
        const result = form.dataset.passkey === 'register' ? await startRegistration({ optionsJSON: options }) : await startAuthentication({ optionsJSON: options });
        answer.value = JSON.stringify(result);
        form.submit();
      } catch (e) {
        button.disabled = false;
        status.textContent = `The passkey request did not finish (${e && e.name ? e.name : 'error'}). Try again, or use another way on this page.`;
      }
    });
  });
})();
