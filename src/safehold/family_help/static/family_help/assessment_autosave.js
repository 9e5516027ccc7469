// Assessment autosave that survives an ended session.
//
// The textarea posts its text to the server with htmx as the worker types (hx-trigger on the
// textarea). Every keystroke is also kept in this browser's localStorage, keyed by user and
// assessment, until the server confirms it has that text; then the local copy is removed, so
// nothing lingers on a shared device once it is safe on the server. If the server answers 401 or
// 403, or the request ends on the sign-in page, the session has ended: the worker is told that
// what they wrote is kept on this device. When the page loads again (after signing in) and the
// local copy is newer than the server's draft, it is put back in the box and saved.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var textarea = form.querySelector("textarea[name=draft_text]");
  var key = form.getAttribute("data-storage-key");
  var lastServer = parseInt(form.getAttribute("data-server-saved-at") || "0", 10);
  var ended = document.getElementById("draft-session-ended");
  var restored = document.getElementById("draft-restored");
  var status = document.getElementById("draft-status");
  var sending = null;

  function read() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(entry) {
    try { window.localStorage.setItem(key, JSON.stringify(entry)); } catch (e) { /* storage full or blocked */ }
  }
  function forget() {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }
  function keepOnDevice() {
    // `base`: the server draft this text was written on top of.
    write({ text: textarea.value, at: Date.now(), base: lastServer });
  }
  function sessionEnded() {
    keepOnDevice();
    ended.hidden = false;
    status.textContent = "Not saved to Safehold: kept on this device";
  }
  function ours(evt) {
    // htmx sets detail.elt to the element an event is fired on: the textarea for request events,
    // the status line (the target) for swap events; requestConfig.elt is always the textarea.
    var d = evt.detail || {};
    return d.elt === textarea || d.target === status || (d.requestConfig && d.requestConfig.elt === textarea);
  }

  textarea.addEventListener("input", keepOnDevice);

  document.addEventListener("htmx:configRequest", function (evt) {
    if (ours(evt)) { sending = textarea.value; }
  });
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (!ours(evt)) { return; }
    var xhr = evt.detail.xhr;
    var savedAt = xhr.getResponseHeader("X-Draft-Saved-At");
    if (xhr.status === 200 && savedAt !== null) {
      lastServer = parseInt(savedAt, 10) || lastServer;
      ended.hidden = true;
      var entry = read();
      if (entry && entry.text === sending) { forget(); }
      return;
    }
    evt.detail.shouldSwap = false;
    if (xhr.status === 409) {  // authorised meanwhile: the draft is closed
      status.textContent = xhr.responseText;
      return;
    }
    sessionEnded();  // 401, 403 (signed out or the form's token expired) or the sign-in page
  });
  document.addEventListener("htmx:sendError", function (evt) {
    if (ours(evt)) {
      keepOnDevice();
      status.textContent = "Could not reach Safehold: what you wrote is kept on this device";
    }
  });

  var entry = read();
  if (entry && typeof entry.text === "string") {
    var serverHasNewer = lastServer > (entry.base || 0) && lastServer > (entry.at || 0);
    if (entry.text === textarea.value || serverHasNewer) {
      forget();
    } else {
      textarea.value = entry.text;
      restored.hidden = false;
      document.addEventListener("DOMContentLoaded", function () {
        window.setTimeout(function () { window.htmx.trigger(textarea, "draft-restored"); }, 0);
      });
    }
  }
}());
