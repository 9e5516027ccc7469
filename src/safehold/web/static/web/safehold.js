// After htmx swaps a fragment in, start GOV.UK Frontend components inside it and announce the change.
document.addEventListener("htmx:afterSwap", function (event) {
  if (window.GOVUKFrontend && window.GOVUKFrontend.initAll) {
    window.GOVUKFrontend.initAll({ scope: event.target });
  }
});

// "Print this page" links (data-sh-print): no inline onclick, which the Content Security Policy refuses.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-sh-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});
