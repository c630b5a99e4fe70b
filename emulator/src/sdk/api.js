// @ts-check
/**
 * Stand-in for Klarna's Payments JS SDK (`https://x.klarnacdn.net/kp/lib/v1/api.js`), served by the
 * emulator at `/kp/lib/v1/api.js`. Same global (`window.Klarna.Payments`), same methods and arities,
 * callback objects and thrown error names as Klarna's SDK reference (api-reference §7); where the
 * reference is silent it does what Klarna's library does for published integrations (the legacy
 * argument order, calls queued behind `load`, `finalize` after `init` alone). The emulator's
 * README lists which is which.
 *
 * The payment method renders in a cross-origin iframe from the emulator; `authorize()` opens the
 * emulator's approval page in a fullscreen overlay iframe; `finalize()` and `reauthorize()` on a
 * page without a widget go through a hidden frame. Frames and page talk through postMessage with
 * explicit target origins and origin checks.
 */
(function () {
  'use strict';

  /** The emulator's origin: where this script came from (the server fills in a fallback). */
  var EMULATOR_ORIGIN = (function () {
    var script = document.currentScript;
    if (script instanceof HTMLScriptElement && script.src) {
      try {
        return new URL(script.src).origin;
      } catch {
        /* fall through */
      }
    }
    return '__EMULATOR_ORIGIN__';
  })();
  var NS = 'klarna-emulator';
  var FRAME_READY_TIMEOUT_MS = 15000;
  var INLINE_TITLE = 'Klarna payment method';
  var REVIEW_TITLE = 'Klarna payment review';
  var OVERLAY_TITLE = 'Klarna checkout';
  var DEFAULT_CONTAINER = '#klarna-payments-container';
  /** Path segment used for a token that names no session: the widget then reports it unknown. */
  var NO_SESSION = '-';
  var EVENTS = ['heightChanged', 'fullscreenOverlayShown', 'fullscreenOverlayHidden'];
  var PREFERRED_METHODS = [
    'invoice',
    'fixed_amount',
    'base_account',
    'direct_debit',
    'direct_bank_transfer',
    'card',
    'pay_later_by_card',
  ];

  /**
   * Errors carry Klarna's names (`error.name === 'InvalidClientTokenError'`) and are exposed as
   * `Klarna.Payments.Errors.*` for `instanceof` checks.
   * @param {string} name
   */
  function defineError(name) {
    var KlarnaSdkError = class extends Error {
      /** @param {string} [message] */
      constructor(message) {
        super(message || name);
        this.name = name;
      }
    };
    Object.defineProperty(KlarnaSdkError, 'name', { value: name });
    return KlarnaSdkError;
  }

  var Errors = {
    InvalidClientTokenError: defineError('InvalidClientTokenError'),
    ApplicationNotInitializedError: defineError('ApplicationNotInitializedError'),
    ApplicationNotLoadedError: defineError('ApplicationNotLoadedError'),
    InvalidContainerSelectorError: defineError('InvalidContainerSelectorError'),
    PaymentMethodCategoryNotProvidedError: defineError('PaymentMethodCategoryNotProvidedError'),
    PaymentMethodCategoryNotSupportedError: defineError('PaymentMethodCategoryNotSupportedError'),
    PreferredPaymentMethodNotSupportedError: defineError('PreferredPaymentMethodNotSupportedError'),
    EventNotSupportedError: defineError('EventNotSupportedError'),
    OperationNotSupportedError: defineError('OperationNotSupportedError'),
  };

  /**
   * @typedef {{ show_form: boolean, error?: { invalid_fields: string[] } }} LoadResult
   * @typedef {{ approved: boolean, show_form: boolean, authorization_token?: string, finalize_required?: boolean, error?: { invalid_fields: string[] } }} AuthorizeResult
   * @typedef {(result: any) => void} Callback
   * @typedef {{ options: Record<string, any>, data: Record<string, unknown> | undefined, callback: Callback }} Call
   * @typedef {{ categories: string[], key: string }} Selection
   * @typedef {{ iframe: HTMLIFrameElement, ready: boolean, queue: Array<Record<string, unknown>> }} Channel
   * @typedef {Channel & { key: string, categories: string[], container: HTMLElement, loaded: boolean, waiting: Array<() => void> }} Instance
   * @typedef {(value?: any) => void} Listener
   * @typedef {{ iframe: HTMLIFrameElement, shown: boolean, done: (result: AuthorizeResult) => void, message: Record<string, unknown>, returnFocus: Element | null, inert: HTMLElement[] }} Overlay
   */

  var state = {
    /** @type {string | null} */ clientToken: null,
    /** @type {Record<string, any>} */ claims: {},
    /** @type {Instance[]} */ instances: [],
    /** A hidden frame for finalize/reauthorize on a page that loaded no widget. @type {Channel | null} */
    bridge: null,
    /** @type {Channel | null} */ review: null,
    /** @type {Record<string, Listener[]>} */ listeners: {
      heightChanged: [],
      fullscreenOverlayShown: [],
      fullscreenOverlayHidden: [],
    },
    /** @type {Overlay | null} */
    overlay: null,
    /** @type {Map<string, (result: any) => void>} */ pending: new Map(),
    requestSeq: 0,
  };

  /** A JWT: three dot-separated base64url parts whose first two are JSON objects. @param {unknown} token */
  function decodeJwt(token) {
    if (typeof token !== 'string') return null;
    var parts = token.split('.');
    if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
    var header = decodeSegment(parts[0]);
    var payload = decodeSegment(parts[1]);
    return header && payload ? payload : null;
  }

  /** @param {string} segment @returns {Record<string, any> | null} */
  function decodeSegment(segment) {
    try {
      var base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
      while (base64.length % 4) base64 += '=';
      var value = JSON.parse(atob(base64));
      return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch {
      return null;
    }
  }

  /** @param {string} event @param {unknown} [value] */
  function emit(event, value) {
    var handlers = (state.listeners[event] || []).slice();
    for (var i = 0; i < handlers.length; i++) {
      try {
        /** @type {Listener} */ (handlers[i])(value);
      } catch (error) {
        setTimeout(function () {
          throw error;
        });
      }
    }
  }

  /** @param {unknown} value @returns {value is Record<string, any>} */
  function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  /**
   * Reads `(options, data, callback)`, `(options, callback)` and the legacy `(data, options,
   * callback)`: like Klarna's library, the two objects swap when the second one names a
   * `payment_method_category` or an `instance_id`.
   * @param {unknown} first @param {unknown} second @param {unknown} third
   * @returns {Call}
   */
  function readArguments(first, second, third) {
    var callback = typeof second === 'function' ? second : third;
    if (typeof second === 'function') second = undefined;
    if (isObject(second) && ('payment_method_category' in second || 'instance_id' in second)) {
      var swapped = first;
      first = second;
      second = swapped;
    }
    return {
      options: isObject(first) ? first : {},
      data: isObject(second) ? second : undefined,
      callback: typeof callback === 'function' ? /** @type {Callback} */ (callback) : function () {},
    };
  }

  /**
   * The categories an options object asks for and the key of the widget instance it names.
   * `payment_method_category` omitted or `""` means the session's categories; an array of
   * categories needs an `instance_id`. Null when the options name no usable category.
   * @param {Record<string, any>} options
   * @returns {Selection | null}
   */
  function selectionOf(options) {
    var categories = options.payment_method_categories;
    if (categories !== undefined) {
      if (!Array.isArray(categories) || categories.length === 0 || !options.instance_id) return null;
      return { categories: categories.map(String), key: String(options.instance_id) };
    }
    var category = options.payment_method_category;
    if (category === undefined || category === null) category = '';
    if (typeof category !== 'string') return null;
    var key = options.instance_id ? String(options.instance_id) : category;
    return { categories: category ? [category] : [], key: key };
  }

  /** @param {unknown} container @returns {HTMLElement | null} */
  function findContainer(container) {
    if (container instanceof HTMLElement) return container;
    if (typeof container !== 'string') return null;
    try {
      var element = document.querySelector(container);
      return element instanceof HTMLElement ? element : null;
    } catch {
      return null;
    }
  }

  /** @param {string} path @param {string} [query] */
  function frameUrl(path, query) {
    var sessionId = typeof state.claims.session_id === 'string' ? state.claims.session_id : NO_SESSION;
    return (
      EMULATOR_ORIGIN +
      path +
      '/' +
      encodeURIComponent(sessionId) +
      '?origin=' +
      encodeURIComponent(window.location.origin) +
      (query || '')
    );
  }

  /** @param {string} title @param {string} path */
  function newFrame(title, path) {
    var iframe = document.createElement('iframe');
    iframe.title = title;
    iframe.src = frameUrl(path);
    iframe.setAttribute('scrolling', 'no');
    iframe.style.cssText = 'display:block;width:100%;height:0;border:0;overflow:hidden;';
    return iframe;
  }

  /** @param {HTMLIFrameElement} iframe @param {Record<string, unknown>} message */
  function post(iframe, message) {
    if (!iframe.contentWindow) return;
    iframe.contentWindow.postMessage(Object.assign({ ns: NS }, message), EMULATOR_ORIGIN);
  }

  /** @param {Channel} channel @param {Record<string, unknown>} message */
  function send(channel, message) {
    if (channel.ready) post(channel.iframe, message);
    else channel.queue.push(message);
  }

  /**
   * Sends a request to a frame and calls `resolve` with its answer, or with `fallback` when the
   * frame never answers.
   * @param {Channel} channel @param {string} type @param {Record<string, unknown>} payload
   * @param {(result: any) => void} resolve @param {any} fallback
   */
  function request(channel, type, payload, resolve, fallback) {
    var id = String(++state.requestSeq);
    var timer = setTimeout(function () {
      if (state.pending.delete(id)) resolve(fallback);
    }, FRAME_READY_TIMEOUT_MS);
    state.pending.set(id, function (result) {
      clearTimeout(timer);
      resolve(result);
    });
    send(channel, Object.assign({ type: type, requestId: id, client_token: state.clientToken }, payload));
  }

  /** @param {MessageEvent} event */
  function onMessage(event) {
    if (event.origin !== EMULATOR_ORIGIN) return;
    var message = event.data;
    if (!message || typeof message !== 'object' || message.ns !== NS) return;

    var overlay = state.overlay;
    if (overlay && event.source === overlay.iframe.contentWindow) {
      onOverlayMessage(overlay, message);
      return;
    }
    /** @type {Channel[]} */
    var channels = state.instances.slice();
    if (state.bridge) channels.push(state.bridge);
    if (state.review) channels.push(state.review);
    for (var i = 0; i < channels.length; i++) {
      var channel = /** @type {Channel} */ (channels[i]);
      if (event.source === channel.iframe.contentWindow) onChannelMessage(channel, message);
    }
  }

  /** @param {Channel} channel @param {Record<string, any>} message */
  function onChannelMessage(channel, message) {
    if (message.type === 'ready') {
      channel.ready = true;
      var queued = channel.queue.splice(0);
      for (var i = 0; i < queued.length; i++)
        post(channel.iframe, /** @type {Record<string, unknown>} */ (queued[i]));
    } else if (message.type === 'height' && typeof message.height === 'number') {
      if (channel === state.bridge) return;
      var height = Math.max(0, Math.round(message.height));
      if (channel.iframe.style.height !== height + 'px') {
        channel.iframe.style.height = height + 'px';
        emit('heightChanged', height);
      }
    } else if (message.type === 'result' && typeof message.requestId === 'string') {
      var resolve = state.pending.get(message.requestId);
      if (resolve) {
        state.pending.delete(message.requestId);
        resolve(message.result);
      }
    }
  }

  /** @param {Overlay} overlay @param {Record<string, any>} message */
  function onOverlayMessage(overlay, message) {
    if (message.type === 'ready') {
      overlay.iframe.focus();
      post(overlay.iframe, overlay.message);
    } else if (message.type === 'shown') {
      // The dialog has focused its first field; make sure keyboard focus is in the overlay frame.
      overlay.iframe.focus();
      if (!overlay.shown) {
        overlay.shown = true;
        emit('fullscreenOverlayShown');
      }
    } else if (message.type === 'result') {
      closeOverlay(message.result);
    }
  }

  /**
   * Escape pressed while focus is on the merchant page behind the overlay: the overlay decides
   * what it means (cancel, or close a decline), as if pressed inside it. Forwarded from the moment
   * the overlay opens: keyboard focus reaches a cross-origin frame a moment after its dialog shows.
   * @param {KeyboardEvent} event
   */
  function onPageKeydown(event) {
    var overlay = state.overlay;
    if (!overlay || event.key !== 'Escape') return;
    event.preventDefault();
    post(overlay.iframe, { type: 'escape' });
  }
  document.addEventListener('keydown', onPageKeydown);
  window.addEventListener('message', onMessage);

  /**
   * Opens the approval overlay unless one is open (a second click while it is open is ignored).
   * @param {string} key @param {Record<string, unknown>} message @param {(result: any) => void} done
   */
  function openOverlay(key, message, done) {
    if (state.overlay) return;
    var iframe = document.createElement('iframe');
    iframe.title = OVERLAY_TITLE;
    iframe.id = 'klarna-' + key + '-fullscreen';
    iframe.name = 'klarna-' + key + '-fullscreen';
    iframe.src =
      message.express === true
        ? EMULATOR_ORIGIN + '/kp/authorize/express?origin=' + encodeURIComponent(window.location.origin)
        : frameUrl('/kp/authorize');
    iframe.setAttribute('allowtransparency', 'true');
    iframe.style.cssText =
      'position:fixed;inset:0;width:100%;height:100%;border:0;margin:0;padding:0;z-index:2147483647;background:transparent;color-scheme:normal;';
    var timer = setTimeout(function () {
      if (state.overlay && state.overlay.iframe === iframe && !state.overlay.shown)
        closeOverlay({ approved: false, show_form: true });
    }, FRAME_READY_TIMEOUT_MS);
    state.overlay = {
      iframe: iframe,
      shown: false,
      returnFocus: document.activeElement,
      inert: makePageInert(),
      message: message,
      done: function (result) {
        clearTimeout(timer);
        done(result);
      },
    };
    document.body.appendChild(iframe);
  }

  /**
   * Like a modal dialog, the overlay makes the merchant page behind it inert (no pointer, no Tab,
   * hidden from screen readers) until it closes. Returns what it changed, to undo exactly that.
   * @returns {HTMLElement[]}
   */
  function makePageInert() {
    /** @type {HTMLElement[]} */
    var changed = [];
    Array.prototype.forEach.call(document.body.children, function (/** @type {Element} */ element) {
      if (element instanceof HTMLElement && !element.inert) {
        element.inert = true;
        changed.push(element);
      }
    });
    return changed;
  }

  /** @param {AuthorizeResult} result */
  function closeOverlay(result) {
    var overlay = state.overlay;
    if (!overlay) return;
    state.overlay = null;
    overlay.iframe.remove();
    overlay.inert.forEach(function (element) {
      element.inert = false;
    });
    if (overlay.shown) emit('fullscreenOverlayHidden');
    var returnFocus = overlay.returnFocus;
    if (returnFocus instanceof HTMLElement && document.contains(returnFocus)) returnFocus.focus();
    overlay.done(result);
  }

  /** Runs `fn` once the instance's `load` has answered (at once if it has). @param {Instance} instance @param {() => void} fn */
  function whenLoaded(instance, fn) {
    if (instance.loaded) fn();
    else instance.waiting.push(fn);
  }

  /**
   * The loaded (or loading) widget instance a call names: by key first, then the widget loaded
   * for the session's categories, then the only widget on the page when the call names none.
   * @param {Selection} selection
   */
  function findInstance(selection) {
    var instances = state.instances;
    for (var i = 0; i < instances.length; i++) {
      if (/** @type {Instance} */ (instances[i]).key === selection.key) return instances[i];
    }
    for (var j = 0; j < instances.length; j++) {
      var candidate = /** @type {Instance} */ (instances[j]);
      if (candidate.categories.length === 0) return candidate;
      if (selection.categories.length === 1 && candidate.categories.indexOf(selection.key) !== -1)
        return candidate;
    }
    if (selection.key === '' && instances.length === 1) return instances[0];
    return undefined;
  }

  /** @param {Instance} instance */
  function removeInstance(instance) {
    instance.iframe.remove();
    state.instances = state.instances.filter(function (candidate) {
      return candidate !== instance;
    });
  }

  function resetFrames() {
    state.instances.forEach(function (instance) {
      instance.iframe.remove();
    });
    state.instances = [];
    if (state.bridge) state.bridge.iframe.remove();
    if (state.review) state.review.iframe.remove();
    state.bridge = null;
    state.review = null;
  }

  /** The hidden frame that carries finalize/reauthorize when no widget is on the page. */
  function bridge() {
    if (state.bridge) return state.bridge;
    var iframe = newFrame('Klarna', '/kp/widget');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.style.cssText = 'display:none;';
    document.body.appendChild(iframe);
    state.bridge = { iframe: iframe, ready: false, queue: [] };
    return state.bridge;
  }

  /**
   * `finalize()` and `reauthorize()`: they need `init` only (the SDK reference has them run on a
   * later page than the widget's), so without a widget they go through the hidden frame.
   * @param {'finalize' | 'reauthorize'} action @param {Call} call
   */
  function completeAuthorization(action, call) {
    var callback = call.callback;
    /** @param {Error} error */
    function fail(error) {
      callback({ approved: false, show_form: false });
      throw error;
    }
    if (!state.clientToken) return fail(new Errors.ApplicationNotInitializedError());
    var selection = selectionOf(call.options);
    if (!selection) return fail(new Errors.PaymentMethodCategoryNotProvidedError());
    var instance = findInstance(selection);
    if (!instance && selection.key !== '' && state.instances.length > 0)
      return fail(new Errors.PaymentMethodCategoryNotSupportedError());
    var fallback = { approved: false, show_form: false };
    var payload = { payment_method_category: selection.categories[0] || '', data: call.data };
    if (instance) {
      var loaded = instance;
      whenLoaded(loaded, function () {
        request(loaded, action, payload, callback, fallback);
      });
    } else {
      request(bridge(), action, payload, callback, fallback);
    }
  }

  var Payments = {
    Errors: Errors,

    /**
     * Accepts any well-formed JWT; the session it names is checked where Klarna checks it, when
     * the widget loads. `init` again with the same token keeps the loaded widgets.
     * @param {{ client_token?: unknown }} options
     */
    init: function (options) {
      var token = options && options.client_token;
      var claims = decodeJwt(token);
      if (!claims) throw new Errors.InvalidClientTokenError('The client token is not a valid JWT');
      if (token === state.clientToken) return;
      resetFrames();
      state.clientToken = /** @type {string} */ (token);
      state.claims = claims;
    },

    /**
     * @param {Record<string, any>} options @param {Record<string, unknown>} [data] @param {Callback} [callback]
     */
    load: function (options, data, callback) {
      var call = readArguments(options, data, callback);
      /** @param {Error} error */
      function fail(error) {
        call.callback({ show_form: false });
        throw error;
      }
      if (!state.clientToken) return fail(new Errors.ApplicationNotInitializedError());
      var container = call.options.container === undefined ? DEFAULT_CONTAINER : call.options.container;
      var element = findContainer(container);
      if (!element) return fail(new Errors.InvalidContainerSelectorError());
      var selection = selectionOf(call.options);
      if (!selection) return fail(new Errors.PaymentMethodCategoryNotProvidedError());
      var preferred = call.options.preferred_payment_method;
      if (preferred !== undefined && PREFERRED_METHODS.indexOf(preferred) === -1) {
        return fail(new Errors.PreferredPaymentMethodNotSupportedError());
      }

      // A second load into the same container reuses its iframe; the key moves to this container.
      var selected = selection;
      var target = element;
      var reused = state.instances.filter(function (candidate) {
        return candidate.container === target && target.contains(candidate.iframe);
      })[0];
      state.instances
        .filter(function (candidate) {
          return candidate !== reused && (candidate.key === selected.key || candidate.container === target);
        })
        .forEach(removeInstance);

      /** @type {Instance} */
      var instance;
      if (reused) {
        instance = reused;
        instance.key = selection.key;
        instance.categories = selection.categories;
        instance.loaded = false;
      } else {
        var iframe = newFrame(INLINE_TITLE, '/kp/widget');
        iframe.name = 'klarna-' + (selection.key || 'payments') + '-main';
        iframe.id = iframe.name;
        instance = {
          key: selection.key,
          categories: selection.categories,
          container: element,
          iframe: iframe,
          ready: false,
          loaded: false,
          queue: [],
          waiting: [],
        };
        state.instances.push(instance);
        element.innerHTML = '';
        element.appendChild(iframe);
      }

      var loading = instance;
      request(
        loading,
        'load',
        { payment_method_categories: selection.categories, data: call.data },
        function (/** @type {LoadResult} */ result) {
          loading.loaded = true;
          call.callback(result);
          loading.waiting.splice(0).forEach(function (fn) {
            fn();
          });
        },
        { show_form: false },
      );
    },

    /**
     * @param {Record<string, any>} options @param {Record<string, unknown>} [data] @param {Callback} [callback]
     */
    authorize: function (options, data, callback) {
      var call = readArguments(options, data, callback);
      /** @param {Error} error */
      function fail(error) {
        call.callback({ approved: false, show_form: false });
        throw error;
      }
      if (!state.clientToken || state.instances.length === 0) {
        return fail(new Errors.ApplicationNotLoadedError());
      }
      var selection = selectionOf(call.options);
      if (!selection) return fail(new Errors.PaymentMethodCategoryNotProvidedError());
      var instance = findInstance(selection);
      if (!instance) return fail(new Errors.PaymentMethodCategoryNotSupportedError());

      var target = instance;
      var selected = selection;
      // Called in the same tick as `load`: the approval starts once the widget has loaded.
      whenLoaded(target, function () {
        openOverlay(
          target.key || 'payments',
          {
            type: 'authorize',
            client_token: state.clientToken,
            payment_method_category: selected.categories[0] || target.categories[0] || '',
            auto_finalize: call.options.auto_finalize !== false,
            data: call.data,
          },
          call.callback,
        );
      });
    },

    /**
     * @param {Record<string, any>} options @param {Record<string, unknown>} [data] @param {Callback} [callback]
     */
    finalize: function (options, data, callback) {
      completeAuthorization('finalize', readArguments(options, data, callback));
    },

    /**
     * @param {Record<string, any>} options @param {Record<string, unknown>} [data] @param {Callback} [callback]
     */
    reauthorize: function (options, data, callback) {
      completeAuthorization('reauthorize', readArguments(options, data, callback));
    },

    /**
     * The order review widget, offered for US purchases only (the client token names the country).
     * @param {{ container?: unknown }} options @param {Callback} callback
     */
    loadPaymentReview: function (options, callback) {
      var done = typeof callback === 'function' ? callback : function () {};
      /** @param {Error} error */
      function fail(error) {
        done({ show_form: false });
        throw error;
      }
      if (!state.clientToken) return fail(new Errors.ApplicationNotInitializedError());
      var element = findContainer(isObject(options) ? options.container : undefined);
      if (!element) return fail(new Errors.InvalidContainerSelectorError());
      if (String(state.claims.purchase_country || '').toUpperCase() !== 'US') {
        return fail(
          new Errors.OperationNotSupportedError('loadPaymentReview is offered for US purchases only'),
        );
      }
      if (state.review) state.review.iframe.remove();
      var iframe = newFrame(REVIEW_TITLE, '/kp/widget');
      element.innerHTML = '';
      element.appendChild(iframe);
      var channel = { iframe: iframe, ready: false, queue: [] };
      state.review = channel;
      request(channel, 'review', {}, done, { show_form: false });
    },

    /** @param {string} event @param {Listener} handler */
    on: function (event, handler) {
      if (EVENTS.indexOf(event) === -1)
        throw new Errors.EventNotSupportedError('Unsupported event: ' + event);
      if (typeof handler === 'function') /** @type {Listener[]} */ (state.listeners[event]).push(handler);
    },

    /** @param {string} event @param {Listener} [handler] */
    off: function (event, handler) {
      if (EVENTS.indexOf(event) === -1) return;
      state.listeners[event] = handler
        ? /** @type {Listener[]} */ (state.listeners[event]).filter(function (candidate) {
            return candidate !== handler;
          })
        : [];
    },

    Buttons: {
      /**
       * Klarna Express Checkout through the Payments library: a button whose `on_click` receives
       * an `authorize(options, payload, callback)` that creates the session from `payload`.
       * @param {{ client_id?: unknown, client_key?: unknown }} config
       */
      init: function (config) {
        var clientKey = isObject(config) ? config.client_id || config.client_key : undefined;
        return {
          /** @param {Record<string, any>} options @param {Callback} [callback] */
          load: function (options, callback) {
            loadExpressButton(typeof clientKey === 'string' ? clientKey : '', options, callback);
          },
        };
      },
    },
  };

  var BUTTON_THEMES = {
    default: { background: '#0b051d', color: '#ffffff', border: '1px solid #0b051d' },
    dark: { background: '#0b051d', color: '#ffffff', border: '1px solid #0b051d' },
    light: { background: '#ffffff', color: '#0b051d', border: '1px solid #ffffff' },
    outlined: { background: '#ffffff', color: '#0b051d', border: '1px solid #0b051d' },
  };
  var BUTTON_RADII = { default: '6px', rect: '0', pill: '999px' };

  /**
   * Renders the Express Checkout button; a click calls the merchant's `on_click` with an
   * `authorize` that opens the approval overlay for a session made from the merchant's payload.
   * @param {string} clientKey @param {Record<string, any>} options @param {Callback} [callback]
   */
  function loadExpressButton(clientKey, options, callback) {
    var done = typeof callback === 'function' ? callback : function () {};
    var settings = isObject(options) ? options : {};
    var element = findContainer(settings.container);
    if (!element) {
      done({ show_button: false });
      throw new Errors.InvalidContainerSelectorError();
    }
    var onClick = settings.on_click;
    var theme =
      /** @type {Record<string, { background: string, color: string, border: string }>} */ (BUTTON_THEMES)[
        settings.theme
      ] || BUTTON_THEMES.default;
    var radius = /** @type {Record<string, string>} */ (BUTTON_RADII)[settings.shape] || BUTTON_RADII.default;

    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Pay with Klarna';
    button.setAttribute('data-klarna-express', 'true');
    Object.assign(button.style, {
      display: 'block',
      width: '100%',
      minHeight: '44px',
      padding: '0 16px',
      font: '600 16px/1 system-ui, sans-serif',
      cursor: 'pointer',
      background: theme.background,
      color: theme.color,
      border: theme.border,
      borderRadius: radius,
    });
    button.addEventListener('click', function () {
      if (typeof onClick !== 'function') return;
      onClick(
        /**
         * @param {Record<string, any>} authorizeOptions @param {Record<string, unknown>} payload @param {Callback} authorizeCallback
         */
        function authorize(authorizeOptions, payload, authorizeCallback) {
          var call = readArguments(authorizeOptions, payload, authorizeCallback);
          openOverlay(
            'express',
            {
              type: 'authorize',
              express: true,
              client_key: clientKey,
              auto_finalize: call.options.auto_finalize !== false,
              collect_shipping_address: call.options.collect_shipping_address === true,
              data: call.data,
            },
            call.callback,
          );
        },
      );
    });
    element.innerHTML = '';
    element.appendChild(button);
    done({ show_button: true });
  }

  var global = /** @type {any} */ (window);
  global.Klarna = global.Klarna || {};
  global.Klarna.Payments = Payments;

  if (typeof global.klarnaAsyncCallback === 'function') {
    try {
      global.klarnaAsyncCallback();
    } catch (error) {
      setTimeout(function () {
        throw error;
      });
    }
  }
})();
