// @ts-check
/**
 * The inline payment method iframe that `Klarna.Payments.load()` puts in the merchant's container.
 * It loads the session (merging the data the merchant passed), shows the payment method and
 * reports its height. It also carries `finalize()` and `reauthorize()` requests (hidden, on a page
 * without a widget) and shows the US payment review of `loadPaymentReview()`.
 */
(function () {
  'use strict';
  var frame = /** @type {any} */ (window).KlarnaFrame;
  var root = /** @type {HTMLElement} */ (document.getElementById('widget'));

  function reportHeight() {
    frame.postToParent({ type: 'height', height: Math.ceil(document.documentElement.scrollHeight) });
  }

  /** @param {string} text */
  function renderNotice(text) {
    root.textContent = '';
    root.setAttribute('aria-busy', 'false');
    var notice = document.createElement('p');
    notice.className = 'muted';
    notice.textContent = text;
    root.appendChild(notice);
  }

  /** @param {{ show_form: boolean }} result @param {any} method */
  function render(result, method) {
    if (!result.show_form || !method) {
      renderNotice('Klarna is not available for this purchase.');
      return;
    }
    root.textContent = '';
    root.setAttribute('aria-busy', 'false');
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

  /** @param {{ show_form: boolean }} result @param {any} review */
  function renderReview(result, review) {
    if (!result.show_form || !review) {
      renderNotice('There is no Klarna payment to review yet.');
      return;
    }
    root.textContent = '';
    root.setAttribute('aria-busy', 'false');
    var card = document.createElement('section');
    card.className = 'method';
    card.setAttribute('aria-labelledby', 'review-title');
    var text = document.createElement('div');
    var title = document.createElement('h2');
    title.id = 'review-title';
    title.textContent = review.category_name;
    var summary = document.createElement('p');
    summary.textContent =
      'Total ' +
      frame.formatAmount(review.order_amount, review.purchase_currency, review.locale) +
      (review.email ? ' · ' + review.email : '');
    text.appendChild(title);
    text.appendChild(summary);
    card.appendChild(text);
    root.appendChild(card);
  }

  frame.onParentMessage(function (/** @type {Record<string, any>} */ message) {
    var body = {
      client_token: message.client_token,
      payment_method_category: message.payment_method_category,
      payment_method_categories: message.payment_method_categories,
      data: message.data,
    };
    if (message.type === 'load') {
      frame.callApi('load', body).then(function (/** @type {any} */ answer) {
        var result = answer ? answer.result : { show_form: false };
        // Klarna reports a client token for a session it does not know in the widget itself.
        if (answer) render(result, answer.method);
        else renderNotice('Klarna could not load this payment session.');
        reportHeight();
        frame.postToParent({ type: 'result', requestId: message.requestId, result: result });
      });
    } else if (message.type === 'review') {
      frame.callApi('review', body).then(function (/** @type {any} */ answer) {
        var result = answer ? answer.result : { show_form: false };
        renderReview(result, answer && answer.review);
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
