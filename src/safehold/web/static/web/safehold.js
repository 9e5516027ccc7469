// After htmx swaps a fragment in, start GOV.UK Frontend components inside it and announce the change.
document.addEventListener("htmx:afterSwap", function (event) {
  if (window.GOVUKFrontend && window.GOVUKFrontend.initAll) {
    window.GOVUKFrontend.initAll({ scope: event.target });
  }
});
