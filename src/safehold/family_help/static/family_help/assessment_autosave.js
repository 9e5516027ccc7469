// Assessment autosave that survives an ended session and never overwrites someone else's words.
//
// The textarea posts its text to the server with htmx as the worker types (hx-trigger on the
// textarea), with the draft version the page started from (the hidden draft_version input, which
// each successful save moves on). Every keystroke is also kept in this browser's localStorage,
// keyed by user and assessment, with that version, until the server confirms it has that text;
// then the local copy is removed, so nothing lingers on a shared device once it is safe on the
// server. If the server answers 401 or 403, or the request ends on the sign-in page, the session
// has ended: the worker is told that what they wrote is kept on this device. When the page loads
// again (after signing in) the local copy is put back in the box and saved from the version it was
// written on, so if someone else saved the draft meanwhile the worker is told, not overwritten.
//
// If someone else saved the draft since this page did, the server refuses (409 with
// X-Draft-Conflict) and says so in the status region, with their text: the worker's own text stays
// in the box, autosave pauses, and only "Save my text over theirs" (which sends the version they
// have now seen) or "Discard my text and use theirs" moves on.
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
  var conflicted = !!document.getElementById("draft-conflict");

  function version() {
    var input = document.getElementById("id_draft_version");
    return input ? input.value : "";
  }
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
    // `base`: when the server draft this text was written on top of was saved; `version`: its version.
    write({ text: textarea.value, at: Date.now(), base: lastServer, version: version() });
  }
  function say(text) {
    var p = document.createElement("p");
    p.className = "govuk-body-s sh-muted";
    p.id = "draft-status-text";
    p.textContent = text;
    status.replaceChildren(p);
  }
  function sessionEnded() {
    keepOnDevice();
    ended.hidden = false;
    say("Not saved to Safehold: kept on this device");
  }
  function ours(evt) {
    // htmx sets detail.elt to the element an event is fired on: the textarea (or the "save mine"
    // button) for request events, the status region (the target) for swap events.
    var d = evt.detail || {};
    var elt = d.elt || (d.requestConfig && d.requestConfig.elt);
    return elt === textarea || d.target === status || (elt && status.contains(elt));
  }

  textarea.addEventListener("input", keepOnDevice);

  document.addEventListener("htmx:configRequest", function (evt) {
    if (!ours(evt)) { return; }
    if (conflicted && evt.detail.elt === textarea) {
      evt.preventDefault();  // paused until the worker has chosen what to do with the other text
      return;
    }
    sending = textarea.value;
  });
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (!ours(evt)) { return; }
    var xhr = evt.detail.xhr;
    var savedAt = xhr.getResponseHeader("X-Draft-Saved-At");
    if (xhr.status === 200 && savedAt !== null) {
      lastServer = parseInt(savedAt, 10) || lastServer;
      conflicted = false;
      ended.hidden = true;
      var entry = read();
      var saved = xhr.getResponseHeader("X-Draft-Version");
      if (entry && entry.text === sending) {
        forget();
      } else if (entry && saved) {  // typed on since: that text now builds on the version just saved
        entry.version = saved;
        entry.base = lastServer;
        write(entry);
      }
      return;  // the status line, and the new draft version out of band
    }
    if (xhr.status === 409 && xhr.getResponseHeader("X-Draft-Conflict") !== null) {
      conflicted = true;
      keepOnDevice();
      evt.detail.shouldSwap = true;  // who saved it, when, and their text
      evt.detail.isError = false;
      return;
    }
    evt.detail.shouldSwap = false;
    if (xhr.status === 409) {  // authorised meanwhile: the draft is closed
      say(xhr.responseText);
      return;
    }
    sessionEnded();  // 401, 403 (signed out or the form's token expired) or the sign-in page
  });
  document.addEventListener("htmx:sendError", function (evt) {
    if (ours(evt)) {
      keepOnDevice();
      say("Could not reach Safehold: what you wrote is kept on this device");
    }
  });
  document.addEventListener("click", function (evt) {
    // "Discard my text and use theirs": forget the local copy, and the page reloads with theirs.
    if (evt.target.closest && evt.target.closest("[data-draft-discard]")) { forget(); }
  });

  var entry = read();
  if (entry && typeof entry.text === "string") {
    var hasVersion = typeof entry.version === "string" && /^\d+$/.test(entry.version);
    var serverHasNewer = lastServer > (entry.base || 0) && lastServer > (entry.at || 0);
    if (entry.text === textarea.value || (!hasVersion && serverHasNewer)) {
      forget();
    } else {
      // Saved from the version it was written on: if the server's draft moved on since, the worker
      // is shown both and chooses.
      if (hasVersion) { document.getElementById("id_draft_version").value = entry.version; }
      textarea.value = entry.text;
      restored.hidden = false;
      document.addEventListener("DOMContentLoaded", function () {
        window.setTimeout(function () { window.htmx.trigger(textarea, "draft-restored"); }, 0);
      });
    }
  }
}());
