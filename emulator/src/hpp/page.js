// @ts-check
/**
 * The hosted payment page's script. It uses the emulator's JS SDK exactly as a merchant's checkout
 * would (init, load, authorize), so the shopper meets the same approval dialog, personas and
 * declines as in the widget. Once the shopper is done, the outcome goes to the emulator, which
 * updates the HPP session and answers where the browser goes next.
 */
(function () {
  'use strict';
  var root = /** @type {HTMLElement} */ (document.getElementById('hpp'));
  var sessionId = root.dataset.sessionId || '';
  var clientToken = root.dataset.clientToken || '';
  var pay = /** @type {HTMLButtonElement} */ (document.getElementById('pay'));
  var cancel = /** @type {HTMLButtonElement} */ (document.getElementById('cancel'));
  var back = /** @type {HTMLButtonElement | null} */ (document.getElementById('back'));
  var message = /** @type {HTMLElement} */ (document.getElementById('message'));
  var OPTIONS = { container: '#klarna-payments-container', payment_method_category: 'klarna' };
  var reporting = false;

  /** @param {Record<string, unknown>} outcome */
  function report(outcome) {
    if (reporting) return;
    reporting = true;
    pay.disabled = true;
    cancel.disabled = true;
    fetch('/hpp/api/sessions/' + encodeURIComponent(sessionId) + '/result', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(outcome),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      })
      .then(function (/** @type {any} */ answer) {
        if (answer && typeof answer.redirect_url === 'string') {
          window.location.assign(answer.redirect_url);
          return;
        }
        reporting = false;
        cancel.disabled = false;
        message.textContent = 'Klarna could not be reached. Please try again.';
      });
  }

  /** @type {any} */ (window).klarnaAsyncCallback = function () {
    var payments = /** @type {any} */ (window).Klarna.Payments;
    payments.init({ client_token: clientToken });
    payments.load(OPTIONS, {}, function (/** @type {{ show_form: boolean }} */ result) {
      if (result.show_form) pay.disabled = false;
      else message.textContent = 'Klarna is not available for this purchase.';
    });
    pay.addEventListener('click', function () {
      message.textContent = '';
      payments.authorize(
        { payment_method_category: OPTIONS.payment_method_category },
        {},
        function (
          /** @type {{ approved: boolean, show_form: boolean, authorization_token?: string }} */ result,
        ) {
          if (result.approved && result.authorization_token) {
            report({ outcome: 'approved', authorization_token: result.authorization_token });
          } else if (!result.show_form) {
            report({ outcome: 'failed' });
          } else {
            message.textContent = 'The purchase was not completed. You can try again.';
          }
        },
      );
    });
  };

  cancel.addEventListener('click', function () {
    report({ outcome: 'cancelled' });
  });
  if (back) {
    back.addEventListener('click', function () {
      report({ outcome: 'back' });
    });
  }
})();
