// @ts-check
/**
 * The inline payment method iframe that `Klarna.Payments.load()` puts in the merchant's container.
 * It loads the session (merging the data the merchant passed), shows the payment method and
 * reports its height. It also carries `finalize()` and `reauthorize()` requests.
 */
(function () {
  'use strict';
  var frame = /** @type {any} */ (window).KlarnaFrame;
  var root = /** @type {HTMLElement} */ (document.getElementById('widget'));

  function reportHeight() {
    frame.postToParent({ type: 'height', height: Math.ceil(document.documentElement.scrollHeight) });
  }

  /** @param {{ show_form: boolean }} result @param {any} method */
  function render(result, method) {
    root.textContent = '';
    root.setAttribute('aria-busy', 'false');
    if (!result.show_form || !method) {
      var unavailable = document.createElement('p');
      unavailable.className = 'muted';
      unavailable.textContent = 'Klarna is not available for this purchase.';
      root.appendChild(unavailable);
      return;
    }
    var card = document.createElement('section');
    card.className = 'method';
    card.setAttribute('aria-labelledby', 'method-name');
    var badge = document.createElement('img');
    badge.src = method.badge_url;
    badge.alt = '';
    badge.width = 48;
    badge.height = 24;
    var text = document.createElement('div');
    var name = document.createElement('h2');
    name.id = 'method-name';
    name.textContent = method.name;
    var description = document.createElement('p');
    description.textContent = method.description;
    text.appendChild(name);
    text.appendChild(description);
    card.appendChild(badge);
    card.appendChild(text);
    root.appendChild(card);
  }

  frame.onParentMessage(function (/** @type {Record<string, any>} */ message) {
    var body = {
      client_token: message.client_token,
      payment_method_category: message.payment_method_category,
      data: message.data,
    };
    if (message.type === 'load') {
      frame.callApi('load', body).then(function (/** @type {any} */ answer) {
        var result = answer ? answer.result : { show_form: false };
        render(result, answer && answer.method);
        reportHeight();
        frame.postToParent({ type: 'result', requestId: message.requestId, result: result });
      });
    } else if (message.type === 'finalize' || message.type === 'reauthorize') {
      frame.callApi(message.type, body).then(function (/** @type {any} */ answer) {
        var result = answer ? answer.result : { approved: false, show_form: false };
        frame.postToParent({ type: 'result', requestId: message.requestId, result: result });
      });
    }
  });

  if (typeof ResizeObserver === 'function') new ResizeObserver(reportHeight).observe(document.body);
  frame.postToParent({ type: 'ready' });
})();
