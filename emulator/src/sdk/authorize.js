// @ts-check
/**
 * The approval step `Klarna.Payments.authorize()` opens in a fullscreen overlay iframe: the shopper
 * confirms with an email (prefilled from `billing_address.email`, editable), may have to sign up,
 * may be declined, or cancels. The outcome goes back to the SDK as the authorize callback object.
 * For Express Checkout (`Klarna.Payments.Buttons`) the overlay first creates the session from the
 * merchant's payload, and an approval also carries the session and the collected address.
 */
(function () {
  'use strict';
  var frame = /** @type {any} */ (window).KlarnaFrame;

  /** @param {string} id */
  function byId(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }
  var connecting = byId('connecting');
  var views = { confirm: byId('confirm-view'), signup: byId('signup-view'), declined: byId('declined-view') };
  var email = /** @type {HTMLInputElement} */ (byId('email'));
  var terms = /** @type {HTMLInputElement} */ (byId('terms'));
  var termsError = byId('terms-error');

  /** @type {Record<string, any> | null} */
  var request = null;
  /** @type {keyof typeof views | null} */
  var current = null;
  var finished = false;
  var busy = false;

  /** Where keyboard focus belongs in the open view. @type {HTMLElement | null} */
  var focusTarget = null;

  /** @param {keyof typeof views} name @param {HTMLElement} target */
  function show(name, target) {
    connecting.hidden = true;
    Object.keys(views).forEach(function (key) {
      /** @type {HTMLElement} */ (views[/** @type {keyof typeof views} */ (key)]).hidden = key !== name;
    });
    current = name;
    focusTarget = target;
    target.focus();
  }

  // A cross-origin frame may only receive keyboard focus after its view is shown (the SDK focuses
  // the frame, and the browser hands focus over a moment later); then the view's field takes it.
  window.addEventListener('focus', function () {
    if (focusTarget && (!document.activeElement || document.activeElement === document.body))
      focusTarget.focus();
  });

  /** The key pressed inside the dialog and not yet released, if any. @type {string | null} */
  var keyDown = null;
  /** A result waiting for that key's release. @type {Record<string, unknown> | null} */
  var pendingResult = null;

  /**
   * Hands the outcome to the SDK, which removes this frame. When a key pressed here decided it
   * (Enter on a button, Escape), that waits for the key's release: the frame must still exist
   * when the browser delivers the key-up it has already routed to it.
   * @param {Record<string, unknown>} result
   */
  function finish(result) {
    if (finished) return;
    finished = true;
    pendingResult = result;
    if (keyDown === null) sendResult();
  }

  function sendResult() {
    if (!pendingResult) return;
    frame.postToParent({ type: 'result', result: pendingResult });
    pendingResult = null;
  }

  document.addEventListener('keyup', function (event) {
    if (event.key !== keyDown) return;
    keyDown = null;
    sendResult();
  });
  // A key released elsewhere never reaches this frame.
  window.addEventListener('blur', function () {
    keyDown = null;
    sendResult();
  });

  function cancel() {
    finish({ approved: false, show_form: true });
  }

  function declined() {
    finish({ approved: false, show_form: false });
  }

  /** @param {boolean} value */
  function setBusy(value) {
    busy = value;
    document.querySelectorAll('button').forEach(function (button) {
      button.disabled = value;
    });
    var view = current ? views[current] : null;
    if (view) view.setAttribute('aria-busy', String(value));
  }

  /** @param {boolean} signupCompleted */
  function confirm(signupCompleted) {
    if (!request || busy) return;
    setBusy(true);
    frame
      .callApi('authorize/confirm', {
        client_token: request.client_token,
        payment_method_category: request.payment_method_category,
        auto_finalize: request.auto_finalize,
        email: email.value,
        signup_completed: signupCompleted,
        express: request.express === true,
        collect_shipping_address: request.collect_shipping_address === true,
      })
      .then(function (/** @type {any} */ answer) {
        setBusy(false);
        if (!answer) return finish({ approved: false, show_form: true });
        if (answer.kind === 'denied') return show('declined', byId('declined-close'));
        if (answer.kind === 'signup_required') return show('signup', terms);
        var result = answer.result;
        if (request && request.express === true && result.approved) {
          // Express Checkout hands the merchant the session it created, for finalize() and orders.
          result = Object.assign({}, result, {
            client_token: request.client_token,
            session_id: frame.sessionId,
          });
        }
        finish(result);
      });
  }

  byId('confirm-form').addEventListener('submit', function (event) {
    event.preventDefault();
    confirm(false);
  });
  byId('signup-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!terms.checked) {
      termsError.textContent = 'Accept the terms to create your account.';
      terms.setAttribute('aria-invalid', 'true');
      terms.focus();
      return;
    }
    confirm(true);
  });
  byId('cancel').addEventListener('click', cancel);
  byId('signup-cancel').addEventListener('click', cancel);
  byId('declined-close').addEventListener('click', declined);

  function escape() {
    if (current === 'declined') declined();
    else cancel();
  }

  document.addEventListener('keydown', function (event) {
    keyDown = event.key;
    if (event.key === 'Escape') {
      event.preventDefault();
      escape();
      return;
    }
    if (event.key === 'Tab' && current) trapFocus(event, /** @type {HTMLElement} */ (views[current]));
  });

  /** Keeps Tab and Shift+Tab inside the open dialog. @param {KeyboardEvent} event @param {HTMLElement} view */
  function trapFocus(event, view) {
    var focusable = Array.prototype.filter.call(
      view.querySelectorAll('input, button, [href], [tabindex]:not([tabindex="-1"])'),
      function (/** @type {HTMLElement} */ element) {
        return !(/** @type {HTMLButtonElement} */ (element).disabled);
      },
    );
    if (focusable.length === 0) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !view.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (
      !event.shiftKey &&
      (document.activeElement === last || !view.contains(document.activeElement))
    ) {
      event.preventDefault();
      first.focus();
    }
  }

  frame.onParentMessage(function (/** @type {Record<string, any>} */ message) {
    if (message.type === 'escape') {
      // Before the dialog shows (still connecting), Escape cancels too.
      escape();
      return;
    }
    if (message.type !== 'authorize' || request) return;
    request = message;
    if (message.express !== true) {
      start(message);
      return;
    }
    frame
      .postJson('/kp/api/express/sessions', { client_key: message.client_key, data: message.data })
      .then(function (/** @type {any} */ answer) {
        if (!answer) return finish({ approved: false, show_form: false });
        if (answer.result) return finish(answer.result);
        frame.useSession(answer.session_id);
        request = Object.assign({}, message, { client_token: answer.client_token, data: undefined });
        start(request);
      });
  });

  /** Asks the emulator whether the purchase can be approved, then shows the dialog. @param {Record<string, any>} message */
  function start(message) {
    frame
      .callApi('authorize/start', {
        client_token: message.client_token,
        payment_method_category: message.payment_method_category,
        data: message.data,
      })
      .then(function (/** @type {any} */ answer) {
        if (!answer) return finish({ approved: false, show_form: false });
        if (answer.result) return finish(answer.result);
        var dialog = answer.dialog;
        email.value = dialog.email || '';
        byId('confirm-summary').textContent =
          'Total ' +
          frame.formatAmount(dialog.order_amount, dialog.purchase_currency, dialog.locale) +
          ' · ' +
          dialog.category_name +
          '.';
        show('confirm', email);
        frame.postToParent({ type: 'shown' });
      });
  }

  frame.postToParent({ type: 'ready' });
})();
